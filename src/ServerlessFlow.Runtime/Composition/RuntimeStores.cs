using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Policies;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>The stores a host gives the runtime: Table and Blob Storage (Azure, Azurite), or memory.</summary>
/// <param name="Executions">Executions and their task executions.</param>
/// <param name="TriggerInstances">Trigger instances.</param>
/// <param name="Enforcements">Rule enforcements.</param>
/// <param name="Inquiries">Inquiries.</param>
/// <param name="KeyValues">Key-value pairs.</param>
/// <param name="Payloads">Workflow payloads too large for orchestration history.</param>
/// <param name="ConcurrencySlotStore">The concurrency policies' places, shared by every engine instance (null: this process's memory).</param>
public sealed record RuntimeStores(
    IExecutionStore Executions,
    ITriggerInstanceStore TriggerInstances,
    IEnforcementStore Enforcements,
    IInquiryStore Inquiries,
    IKeyValueStore KeyValues,
    IPayloadStore Payloads,
    IConcurrencySlotStore? ConcurrencySlotStore = null)
{
    /// <summary>The concurrency policies' places (in this process's memory unless a shared store was given).</summary>
    public IConcurrencySlotStore ConcurrencySlots { get; } = ConcurrencySlotStore ?? new InMemoryConcurrencySlotStore();

    /// <summary>Fresh in-memory stores (lost when the process ends).</summary>
    public static RuntimeStores InMemory() => new(
        new InMemoryExecutionStore(),
        new InMemoryTriggerInstanceStore(),
        new InMemoryEnforcementStore(),
        new InMemoryInquiryStore(),
        new InMemoryKeyValueStore(),
        new InMemoryPayloadStore());
}
