namespace ServerlessFlow.Runtime.Triggers;

/// <summary>Port: carries stored trigger instances to rule evaluation (a queue; message id = instance id).</summary>
public interface ITriggerBus
{
    /// <summary>Publishes the instance for rule evaluation. Publishing the same id twice may deliver twice; consumers are idempotent.</summary>
    Task PublishAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default);
}
