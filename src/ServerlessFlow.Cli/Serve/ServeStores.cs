using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The record stores <c>sflow serve</c> writes and its API reads.</summary>
internal sealed record ServeStores(
    IExecutionStore Executions,
    ITriggerInstanceStore TriggerInstances,
    IEnforcementStore Enforcements,
    IInquiryStore Inquiries,
    IKeyValueStore KeyValues)
{
    /// <summary>Fresh in-memory stores.</summary>
    public static ServeStores InMemory() => new(
        new InMemoryExecutionStore(),
        new InMemoryTriggerInstanceStore(),
        new InMemoryEnforcementStore(),
        new InMemoryInquiryStore(),
        new InMemoryKeyValueStore());
}
