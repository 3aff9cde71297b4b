using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Executions;

/// <summary>
/// An <see cref="IExecutionStore"/> that logs the story of every execution as it is stored: a workflow, each of its tasks and
/// every other action when it starts (running, or pending on an inquiry) and when it ends, with its trace tag. Each line says
/// what it is about (workflow, task of which workflow, action), so a workflow's outcome is never confused with that of the
/// rule enforcement that started it. Queued states (requested, scheduled) are not logged.
/// </summary>
public sealed partial class LoggedExecutionStore : IExecutionStore
{
    private readonly IExecutionStore inner;
    private readonly ILogger logger;

    // The last status logged per execution, so an update that does not change the status logs nothing; dropped at the end.
    private readonly ConcurrentDictionary<string, ExecutionStatus> logged = new(StringComparer.Ordinal);

    /// <summary>Logs what <paramref name="inner"/> stores to <paramref name="logger"/>.</summary>
    public LoggedExecutionStore(IExecutionStore inner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(logger);
        this.inner = inner;
        this.logger = logger;
    }

    /// <inheritdoc/>
    public async Task<(ExecutionState Stored, bool Created)> CreateAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        var (stored, created) = await inner.CreateAsync(execution, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            Tell(stored);
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
            Tell(execution);
        }
    }

    /// <inheritdoc/>
    public Task<ExecutionState?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public async Task<ExecutionState> UpdateAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        var stored = await inner.UpdateAsync(execution, cancellationToken).ConfigureAwait(false);
        Tell(stored);
        return stored;
    }

    /// <inheritdoc/>
    public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default) => inner.ListChildrenAsync(parentId, cancellationToken);

    private void Tell(ExecutionState execution)
    {
        if (execution.Status is ExecutionStatus.Requested or ExecutionStatus.Scheduled || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var completed = execution.Status.IsCompleted();
        if (logged.TryGetValue(execution.Id, out var before) && before == execution.Status)
        {
            return;
        }

        if (completed)
        {
            logged.TryRemove(execution.Id, out _);
        }
        else
        {
            logged[execution.Id] = execution.Status;
        }

        var status = execution.Status.ToApiName();
        var tag = execution.Context.TraceTag ?? "-";
        var elapsed = completed && execution.EndTimestamp is { } end ? $" after {(end - execution.StartTimestamp).TotalSeconds:0.###} s" : string.Empty;
        if (execution.Context.ParentExecutionId is { } parent)
        {
            LogTask(execution.Context.ParentTaskName ?? "?", execution.Action, parent, execution.Id, status, elapsed, tag);
        }
        else if (execution.Runner is "orquesta" or "action-chain")
        {
            LogWorkflow(execution.Action, execution.Id, status, elapsed, tag);
        }
        else
        {
            LogAction(execution.Action, execution.Id, status, elapsed, tag);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Action} [{ExecutionId}] {Status}{Elapsed}, trace tag {TraceTag}")]
    private partial void LogWorkflow(string action, string executionId, string status, string elapsed, string traceTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "  Task {Task} ({Action}) of workflow [{WorkflowId}] [{ExecutionId}] {Status}{Elapsed}, trace tag {TraceTag}")]
    private partial void LogTask(string task, string action, string workflowId, string executionId, string status, string elapsed, string traceTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Action {Action} [{ExecutionId}] {Status}{Elapsed}, trace tag {TraceTag}")]
    private partial void LogAction(string action, string executionId, string status, string elapsed, string traceTag);
}
