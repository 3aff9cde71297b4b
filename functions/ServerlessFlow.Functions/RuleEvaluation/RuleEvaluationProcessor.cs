using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Binds the rule-evaluation port to the runtime's use case: reads the stored instance the
/// message points to and evaluates the rules for it. Redelivery is harmless because enforcement ids
/// derive from (instance, rule) and execution ids from the enforcement.</summary>
internal sealed class RuleEvaluationProcessor(ITriggerInstanceStore instances, RuleEvaluationService rules) : ITriggerInstanceProcessor
{
    /// <summary>Dead-letter reason: the message names an instance that is not stored.</summary>
    public const string NotFoundReason = "TriggerInstanceNotFound";

    /// <inheritdoc />
    public async Task ProcessAsync(TriggerBusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var instance = await instances.GetAsync(message.TriggerInstanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new PoisonMessageException(NotFoundReason, $"Trigger instance {message.TriggerInstanceId} is not in the store; senders store an instance before publishing it.");
        await rules.ProcessAsync(instance, cancellationToken).ConfigureAwait(false);
    }
}
