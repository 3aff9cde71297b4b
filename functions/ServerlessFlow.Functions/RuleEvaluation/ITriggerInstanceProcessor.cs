using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Port: evaluates the rules for one stored trigger instance (enforcements, then executions).
/// Must be idempotent per instance id: a redelivered message calls it again.</summary>
internal interface ITriggerInstanceProcessor
{
    /// <summary>Processes the instance, starting enforced workflows through <paramref name="workflows"/> (the invocation's
    /// Durable client); throws on transient failure (the message is retried).</summary>
    Task ProcessAsync(TriggerBusMessage message, IOrchestrationClient workflows, CancellationToken cancellationToken);
}
