using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Azure.TriggerBus;

/// <summary>The trigger bus in Azure: publishes a stored trigger instance as a <see cref="TriggerBusMessage"/>
/// through a Service Bus or Storage Queue sender (chosen by configuration).</summary>
public sealed class QueueTriggerBus(ITriggerBusSender sender) : ITriggerBus
{
    /// <inheritdoc />
    public Task PublishAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return sender.SendAsync(new TriggerBusMessage(instance.Id, instance.TraceTag), cancellationToken);
    }
}
