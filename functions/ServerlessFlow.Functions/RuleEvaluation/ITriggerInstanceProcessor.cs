using ServerlessFlow.Azure.TriggerBus;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Port: evaluates the rules for one stored trigger instance (enforcements, then executions).
/// Must be idempotent per instance id: a redelivered message calls it again.</summary>
internal interface ITriggerInstanceProcessor
{
    /// <summary>Processes the instance; throws on transient failure (the message is retried).</summary>
    Task ProcessAsync(TriggerBusMessage message, CancellationToken cancellationToken);
}
