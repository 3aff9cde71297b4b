using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ServerlessFlow.Azure.Payloads;
using ServerlessFlow.Azure.Triggers;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>The app's storage as the tests see it beside the host: the trigger queue and its poison queue, the trigger
/// instances table, and the Durable task hub's history (names as the app and host.json lay them out).</summary>
public sealed class AppStorage(string connectionString, FunctionsHostOptions options)
{
    /// <summary>The trigger-instance queue (Base64 messages, as the Functions queue trigger reads them).</summary>
    public QueueClient TriggerQueue { get; } = StorageQueueTriggerBusSender.CreateClient(connectionString, options.TriggerQueue);

    /// <summary>Where the app and the host put messages that will never succeed.</summary>
    public QueueClient PoisonQueue { get; } = new(connectionString, options.TriggerQueue + "-poison");

    /// <summary>Messages in <paramref name="queue"/> (visible or not); 0 when the queue does not exist.</summary>
    public static async Task<int> CountAsync(QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            return (await queue.GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>The poison queue's messages (up to 32), as text.</summary>
    public async Task<List<string>> PeekPoisonAsync()
    {
        try
        {
            var peeked = await PoisonQueue.PeekMessagesAsync(32).ConfigureAwait(false);
            return peeked.Value.Select(m => Decode(m.Body)).ToList();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Stores a trigger instance as a sensor would (insert-if-absent), without publishing it.</summary>
    public async Task StoreTriggerInstanceAsync(TriggerInstanceState instance)
    {
        var store = new TableTriggerInstanceStore(
            new TableClient(connectionString, "sflowTriggerInstances"),
            new BlobPayloadStore(new BlobServiceClient(connectionString).GetBlobContainerClient("sflow-payloads")));
        await store.CreateAsync(instance).ConfigureAwait(false);
    }

    /// <summary>Puts one trigger-bus message for <paramref name="instanceId"/> on the trigger queue.</summary>
    public async Task SendTriggerMessageAsync(string instanceId, string? traceTag) =>
        await TriggerQueue.SendMessageAsync(new TriggerBusMessage(instanceId, traceTag).ToBinaryData()).ConfigureAwait(false);

    /// <summary>Whether orchestration <paramref name="instanceId"/>'s history holds an event of <paramref name="eventType"/>
    /// (e.g. <c>TimerCreated</c>).</summary>
    public async Task<bool> HistoryHasAsync(string instanceId, string eventType)
    {
        var history = new TableClient(connectionString, options.TaskHub + "History");
        try
        {
            await foreach (var _ in history.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and EventType eq {eventType}"), maxPerPage: 1).ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }

        return false;
    }

    private static string Decode(BinaryData body)
    {
        var text = body.ToString();
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return text;
        }
    }
}
