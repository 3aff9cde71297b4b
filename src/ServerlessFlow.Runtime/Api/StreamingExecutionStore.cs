using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>An <see cref="IExecutionStore"/> that tells the <see cref="ApiEventHub"/> about every execution it creates
/// (<c>st2.execution__create</c>) and updates (<c>st2.execution__update</c>), after the write succeeded, so the event stream
/// never shows a state that was not stored.</summary>
public sealed class StreamingExecutionStore(IExecutionStore inner, ApiEventHub hub, ExecutionView view) : IExecutionStore
{
    /// <summary>Event name of a new execution.</summary>
    public const string Created = "st2.execution__create";

    /// <summary>Event name of a changed execution.</summary>
    public const string Updated = "st2.execution__update";

    /// <inheritdoc/>
    public async Task<(ExecutionState Stored, bool Created)> CreateAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        var (stored, created) = await inner.CreateAsync(execution, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            hub.Publish(Created, view.ToPlain(stored));
        }

        return (stored, created);
    }

    /// <inheritdoc/>
    public async Task CreateManyAsync(IReadOnlyList<ExecutionState> executions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executions);
        await inner.CreateManyAsync(executions, cancellationToken).ConfigureAwait(false);
        foreach (var execution in executions)
        {
            hub.Publish(Created, view.ToPlain(execution));
        }
    }

    /// <inheritdoc/>
    public Task<ExecutionState?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public async Task<ExecutionState> UpdateAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        var stored = await inner.UpdateAsync(execution, cancellationToken).ConfigureAwait(false);
        hub.Publish(Updated, view.ToPlain(stored));
        return stored;
    }

    /// <inheritdoc/>
    public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default) => inner.ListChildrenAsync(parentId, cancellationToken);
}
