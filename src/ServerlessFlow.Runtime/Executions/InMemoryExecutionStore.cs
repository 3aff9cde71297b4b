using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>In-memory <see cref="IExecutionStore"/> for tests and the local host.</summary>
public sealed class InMemoryExecutionStore() : InMemoryRecordStore<ExecutionState>(new(
    "execution", e => e.Id, e => e.Version, e => SortKeys.NewestFirst(e.StartTimestamp, e.Id), e => e.ToPlain(), ExecutionState.FromPlain, e => e.Context.ParentExecutionId)),
    IExecutionStore
{
    /// <inheritdoc/>
    public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        return Task.FromResult(Table.Page(query.Matches, query.Limit, query.ContinuationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExecutionState>>(Table.InGroup(parentId)
            .OrderBy(e => SortKeys.OldestFirst(e.StartTimestamp, e.Id), StringComparer.Ordinal)
            .ToList());
}
