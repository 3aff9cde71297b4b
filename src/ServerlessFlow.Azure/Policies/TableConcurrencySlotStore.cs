using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Policies;

namespace ServerlessFlow.Azure.Policies;

/// <summary>The Table Storage <see cref="IConcurrencySlotStore"/>: one row per taken slot (PartitionKey the escaped slot key,
/// RowKey the slot's index), taken by an insert that fails when the row exists or a replace conditional on the ETag read, so
/// every instance of the app sees the same places and two never take the same one.</summary>
public sealed class TableConcurrencySlotStore(TableClient table) : IConcurrencySlotStore
{
    private const string HolderColumn = "Holder";
    private const string KeyColumn = "SlotKey";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConcurrencySlot>> ListAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slots = new List<ConcurrencySlot>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(Partition(key))}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            slots.Add(new ConcurrencySlot(
                key,
                int.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture),
                row.GetString(HolderColumn) ?? string.Empty,
                row.ETag.ToString()));
        }

        return slots;
    }

    /// <inheritdoc />
    public async Task<bool> TryTakeAsync(string key, int index, string executionId, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = new TableEntity(Partition(key), Row(index)) { [HolderColumn] = executionId, [KeyColumn] = key };
        try
        {
            if (expectedVersion is null)
            {
                await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // Another instance took it first (409 on insert, 412 on a stale ETag) or released it meanwhile (404): try again
            // from a fresh read.
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string key, string executionId, CancellationToken cancellationToken = default)
    {
        foreach (ConcurrencySlot slot in await ListAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (slot.HolderExecutionId != executionId)
            {
                continue;
            }

            try
            {
                await table.DeleteEntityAsync(Partition(key), Row(slot.Index), new ETag(slot.Version), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Already gone, or taken over by another execution after this one ended: not this execution's place any more.
            }
        }
    }

    private static string Partition(string key) => "slot-" + TableKeys.Escape(key);

    private static string Row(int index) => index.ToString("D4", CultureInfo.InvariantCulture);
}
