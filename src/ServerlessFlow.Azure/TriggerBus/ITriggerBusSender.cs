namespace ServerlessFlow.Azure.TriggerBus;

/// <summary>Sends trigger-bus messages to the queue rule evaluation listens on (Service Bus or Storage Queue).</summary>
public interface ITriggerBusSender
{
    /// <summary>Sends one message. Sending the same instance id twice is allowed: Service Bus drops the
    /// duplicate inside its detection window, and rule evaluation is idempotent per instance anyway.</summary>
    Task SendAsync(TriggerBusMessage message, CancellationToken cancellationToken);
}
