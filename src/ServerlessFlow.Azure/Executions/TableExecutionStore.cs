using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Executions;

/// <summary><see cref="IExecutionStore"/> on Table Storage (see docs/storage.md): record rows by id, index rows for newest-first
/// listing overall and by action, rule, trigger type, trace tag and parent. Status is filtered on the loaded records because
/// it changes; everything indexed is fixed at creation, so a status update writes one row.</summary>
public sealed class TableExecutionStore : TableRecordStore<ExecutionState>, IExecutionStore
{
    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableExecutionStore(TableClient table, IPayloadStore payloads)
        : base(new TableRecordTable<ExecutionState>(
            table, payloads, "execution", e => e.Id, e => e.Version, e => e.ToPlain(), ExecutionState.FromPlain, Indexes,
            e => [new("Action", e.Action), new("Status", e.Status.ToApiName())]))
    {
    }

    /// <inheritdoc/>
    public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();

        // The most selective fixed field picks the index partition; the rest are checked on the records.
        var partition =
            query.TraceTag is { } tag ? TableKeys.IndexPartition("trace", tag)
            : query.Parent is { } parent ? TableKeys.IndexPartition("parent", parent)
            : query.Rule is { } rule ? TableKeys.IndexPartition("rule", rule)
            : query.Action is { } action ? TableKeys.IndexPartition("action", action)
            : query.TriggerType is { } trigger ? TableKeys.IndexPartition("trigger", trigger)
            : TableKeys.IndexPartition("all", string.Empty);
        return Table.PageAsync(partition, query.Matches, query.Limit, query.ContinuationToken, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default)
    {
        var children = await Table.AllInAsync(TableKeys.IndexPartition("parent", parentId), cancellationToken).ConfigureAwait(false);
        return children.OrderBy(e => SortKeys.OldestFirst(e.StartTimestamp, e.Id), StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(string, string)> Indexes(ExecutionState e)
    {
        var key = SortKeys.NewestFirst(e.StartTimestamp, e.Id);
        yield return (TableKeys.IndexPartition("all", string.Empty), key);
        yield return (TableKeys.IndexPartition("action", e.Action), key);
        if (e.Context.RuleRef is { } rule)
        {
            yield return (TableKeys.IndexPartition("rule", rule), key);
        }

        if (e.Context.TriggerType is { } trigger)
        {
            yield return (TableKeys.IndexPartition("trigger", trigger), key);
        }

        if (e.Context.TraceTag is { } tag)
        {
            yield return (TableKeys.IndexPartition("trace", tag), key);
        }

        if (e.Context.ParentExecutionId is { } parent)
        {
            yield return (TableKeys.IndexPartition("parent", parent), key);
        }
    }
}
