using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>In-memory <see cref="IExecutionStore"/> for tests and the local host.</summary>
public sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly InMemoryRecordTable<ExecutionState> table = new(
        "execution", e => e.Id, e => e.Version, e => SortKeys.NewestFirst(e.StartTimestamp, e.Id), e => e.ToPlain(), ExecutionState.FromPlain);

    /// <inheritdoc/>
    public Task<(ExecutionState Stored, bool Created)> CreateAsync(ExecutionState execution, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Create(execution));

    /// <inheritdoc/>
    public Task CreateManyAsync(IReadOnlyList<ExecutionState> executions, CancellationToken cancellationToken = default)
    {
        foreach (var execution in executions)
        {
            table.Create(execution);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<ExecutionState?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(table.Get(id));

    /// <inheritdoc/>
    public Task<ExecutionState> UpdateAsync(ExecutionState execution, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Update(execution));

    /// <inheritdoc/>
    public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        return Task.FromResult(table.Page(query.Matches, query.Limit, query.ContinuationToken));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExecutionState>>(table.All()
            .Where(e => string.Equals(e.Context.ParentExecutionId, parentId, StringComparison.Ordinal))
            .OrderBy(e => SortKeys.OldestFirst(e.StartTimestamp, e.Id), StringComparer.Ordinal)
            .ToList());
}
