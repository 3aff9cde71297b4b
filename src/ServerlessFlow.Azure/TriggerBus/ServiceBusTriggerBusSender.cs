using Azure.Messaging.ServiceBus;

namespace ServerlessFlow.Azure.TriggerBus;

/// <summary>Sends trigger-bus messages to a Service Bus queue with MessageId = trigger instance id,
/// so the queue's duplicate detection drops a second send of the same instance.</summary>
public sealed class ServiceBusTriggerBusSender(ServiceBusSender sender) : ITriggerBusSender
{
    /// <summary>Builds the Service Bus message for a trigger-bus message.</summary>
    public static ServiceBusMessage ToServiceBusMessage(TriggerBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new ServiceBusMessage(message.ToBinaryData())
        {
            MessageId = message.TriggerInstanceId,
            ContentType = "application/json",
        };
        if (message.TraceTag is not null)
        {
            result.ApplicationProperties["trace_tag"] = message.TraceTag;
        }

        return result;
    }

    /// <inheritdoc />
    public Task SendAsync(TriggerBusMessage message, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(ToServiceBusMessage(message), cancellationToken);
}
