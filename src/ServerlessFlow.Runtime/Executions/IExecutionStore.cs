using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>Port: where executions are kept. Creates are idempotent, updates are optimistic (by <see cref="ExecutionState.Version"/>).</summary>
public interface IExecutionStore
{
    /// <summary>Inserts the execution if no record has its id. Returns the stored record (the existing one when it was already there)
    /// and whether this call created it.</summary>
    Task<(ExecutionState Stored, bool Created)> CreateAsync(ExecutionState execution, CancellationToken cancellationToken = default);

    /// <summary>Inserts many executions at once (batched where the store can); existing ids are left as they are.</summary>
    Task CreateManyAsync(IReadOnlyList<ExecutionState> executions, CancellationToken cancellationToken = default);

    /// <summary>The execution with this id, or null.</summary>
    Task<ExecutionState?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record if its stored version still equals <see cref="ExecutionState.Version"/>; returns it with the new version.
    /// Throws <see cref="ConcurrencyConflictException"/> when someone wrote first, <see cref="RecordNotFoundException"/> when absent.</summary>
    Task<ExecutionState> UpdateAsync(ExecutionState execution, CancellationToken cancellationToken = default);

    /// <summary>Executions newest first (by start timestamp, then id), filtered and paged.</summary>
    Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default);

    /// <summary>Executions whose parent is <paramref name="parentId"/>, oldest first.</summary>
    Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default);
}
