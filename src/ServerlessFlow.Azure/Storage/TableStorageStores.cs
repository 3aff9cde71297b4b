using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServerlessFlow.Azure.Enforcements;
using ServerlessFlow.Azure.Executions;
using ServerlessFlow.Azure.Inquiries;
using ServerlessFlow.Azure.KeyValues;
using ServerlessFlow.Azure.Payloads;
using ServerlessFlow.Azure.Policies;
using ServerlessFlow.Azure.Timers;
using ServerlessFlow.Azure.Triggers;

namespace ServerlessFlow.Azure.Storage;

/// <summary>Every Table/Blob adapter over one storage account: creates the tables and the payload container if missing.
/// Table names are <c>{prefix}Executions</c>, <c>{prefix}TriggerInstances</c>, <c>{prefix}Enforcements</c>, <c>{prefix}Inquiries</c>,
/// <c>{prefix}KeyValues</c>, <c>{prefix}TimerStarts</c>, <c>{prefix}PolicySlots</c>; payloads go to the container <c>{prefix lowercased}-payloads</c>.</summary>
public sealed class TableStorageStores
{
    private TableStorageStores(BlobPayloadStore payloads, TableExecutionStore executions, TableTriggerInstanceStore triggerInstances, TableEnforcementStore enforcements, TableInquiryStore inquiries, TableKeyValueStore keyValues, TableTimerStartStore timerStarts, TableConcurrencySlotStore concurrencySlots)
    {
        ConcurrencySlots = concurrencySlots;
        TimerStarts = timerStarts;
        Payloads = payloads;
        Executions = executions;
        TriggerInstances = triggerInstances;
        Enforcements = enforcements;
        Inquiries = inquiries;
        KeyValues = keyValues;
    }

    /// <summary>Large values.</summary>
    public BlobPayloadStore Payloads { get; }

    /// <summary>Executions.</summary>
    public TableExecutionStore Executions { get; }

    /// <summary>Trigger instances.</summary>
    public TableTriggerInstanceStore TriggerInstances { get; }

    /// <summary>Rule enforcements.</summary>
    public TableEnforcementStore Enforcements { get; }

    /// <summary>Inquiries.</summary>
    public TableInquiryStore Inquiries { get; }

    /// <summary>Key-value pairs.</summary>
    public TableKeyValueStore KeyValues { get; }

    /// <summary>The concurrency policies' places, shared by every instance.</summary>
    public TableConcurrencySlotStore ConcurrencySlots { get; }

    /// <summary>When each timer was first seen (where timer catch-up begins).</summary>
    public TableTimerStartStore TimerStarts { get; }

    /// <summary>Connects with <paramref name="connectionString"/> and makes sure every table and the container exist.
    /// <paramref name="prefix"/> (letters and digits, starting with a letter) keeps several deployments or test runs apart.</summary>
    public static async Task<TableStorageStores> CreateAsync(string connectionString, string prefix = "sflow", CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(prefix) || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit) || prefix.Length > 40)
        {
            throw new ArgumentException($"Storage prefix '{prefix}' must be 1–40 ASCII letters or digits starting with a letter.", nameof(prefix));
        }

        var service = new TableServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString);
        var container = blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + "-payloads");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var payloads = new BlobPayloadStore(container);

        async Task<TableClient> Table(string name)
        {
            var client = service.GetTableClient(prefix + name);
            await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }

        return new TableStorageStores(
            payloads,
            new TableExecutionStore(await Table("Executions").ConfigureAwait(false), payloads),
            new TableTriggerInstanceStore(await Table("TriggerInstances").ConfigureAwait(false), payloads),
            new TableEnforcementStore(await Table("Enforcements").ConfigureAwait(false), payloads),
            new TableInquiryStore(await Table("Inquiries").ConfigureAwait(false), payloads),
            new TableKeyValueStore(await Table("KeyValues").ConfigureAwait(false), payloads),
            new TableTimerStartStore(await Table("TimerStarts").ConfigureAwait(false)),
            new TableConcurrencySlotStore(await Table("PolicySlots").ConfigureAwait(false)));
    }
}
