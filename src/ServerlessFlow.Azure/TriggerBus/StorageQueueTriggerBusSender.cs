using Azure.Core;
using Azure.Storage.Queues;

namespace ServerlessFlow.Azure.TriggerBus;

/// <summary>Sends trigger-bus messages to an Azure Storage queue (Azurite locally). The Functions
/// queue trigger reads Base64 by default, so the client must encode Base64: use <see cref="CreateClient(Uri, TokenCredential)"/>
/// or <see cref="CreateClient(string, string)"/>. Storage queues have no duplicate detection; rule
/// evaluation's idempotence per instance id covers resends.</summary>
public sealed class StorageQueueTriggerBusSender(QueueClient queue) : ITriggerBusSender
{
    /// <summary>Client options matching the Functions queue trigger's default message encoding.</summary>
    public static QueueClientOptions ClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>A client for a queue URI with an Entra credential (Azure, managed identity).</summary>
    public static QueueClient CreateClient(Uri queueUri, TokenCredential credential) => new(queueUri, credential, ClientOptions());

    /// <summary>A client from a connection string (Azurite).</summary>
    public static QueueClient CreateClient(string connectionString, string queueName) => new(connectionString, queueName, ClientOptions());

    /// <inheritdoc />
    public async Task SendAsync(TriggerBusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await queue.SendMessageAsync(message.ToBinaryData(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
