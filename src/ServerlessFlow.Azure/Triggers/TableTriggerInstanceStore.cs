using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Azure.Triggers;

/// <summary><see cref="ITriggerInstanceStore"/> on Table Storage: record rows by id, newest-first index rows overall and by trigger type.</summary>
public sealed class TableTriggerInstanceStore : TableRecordStore<TriggerInstanceState>, ITriggerInstanceStore
{
    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableTriggerInstanceStore(TableClient table, IPayloadStore payloads)
        : base(new TableRecordTable<TriggerInstanceState>(
            table, payloads, "trigger instance", t => t.Id, t => t.Version, t => t.ToPlain(), TriggerInstanceState.FromPlain, Indexes,
            t => [new("Trigger", t.Trigger)]))
    {
    }

    /// <inheritdoc/>
    public Task<RecordPage<TriggerInstanceState>> ListAsync(TriggerInstanceQuery query, CancellationToken cancellationToken = default) =>
        Table.PageAsync(
            query.Trigger is { } trigger ? TableKeys.IndexPartition("trigger", trigger) : TableKeys.IndexPartition("all", string.Empty),
            _ => true,
            query.Limit,
            query.ContinuationToken,
            cancellationToken);

    private static IEnumerable<(string, string)> Indexes(TriggerInstanceState t)
    {
        var key = SortKeys.NewestFirst(t.OccurrenceTime, t.Id);
        yield return (TableKeys.IndexPartition("all", string.Empty), key);
        yield return (TableKeys.IndexPartition("trigger", t.Trigger), key);
    }
}
