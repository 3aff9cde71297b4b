using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Binds the rule-evaluation port to the runtime's use case: reads the stored instance the
/// message points to and evaluates the rules for it, with the runtime connected to the invocation's Durable client
/// (an enforced workflow starts its orchestration through it). Redelivery is harmless because enforcement ids
/// derive from (instance, rule) and execution ids from the enforcement.</summary>
internal sealed class RuleEvaluationProcessor(ServerlessFlowRuntime runtime) : ITriggerInstanceProcessor
{
    /// <summary>Dead-letter reason: the message names an instance that is not stored.</summary>
    public const string NotFoundReason = "TriggerInstanceNotFound";

    /// <inheritdoc />
    public async Task ProcessAsync(TriggerBusMessage message, IOrchestrationClient workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(workflows);
        var instance = await runtime.Stores.TriggerInstances.GetAsync(message.TriggerInstanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new PoisonMessageException(NotFoundReason, $"Trigger instance {message.TriggerInstanceId} is not in the store; senders store an instance before publishing it.");
        await runtime.Connect(workflows).RuleEvaluation.ProcessAsync(instance, cancellationToken).ConfigureAwait(false);
    }
}
