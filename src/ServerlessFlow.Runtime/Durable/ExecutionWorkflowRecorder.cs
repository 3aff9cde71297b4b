using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Writes a workflow execution's status changes to the execution store: creates the record of a
/// sub-workflow on its first change, moves the status forward, and completes it (result, action
/// trigger) through <see cref="ActionExecutionService.CompleteAsync"/>. Repeating a change is a no-op.
/// </summary>
public sealed class ExecutionWorkflowRecorder : IWorkflowExecutionRecorder
{
    private const int ConflictRetries = 5;

    private readonly IExecutionStore executions;
    private readonly ActionExecutionService actions;

    /// <summary>Creates the recorder over the execution store and the action use case.</summary>
    public ExecutionWorkflowRecorder(IExecutionStore executions, ActionExecutionService actions)
    {
        ArgumentNullException.ThrowIfNull(executions);
        ArgumentNullException.ThrowIfNull(actions);
        this.executions = executions;
        this.actions = actions;
    }

    /// <inheritdoc/>
    public async Task RecordAsync(WorkflowStatusRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ExecutionStatuses.TryParse(record.Status, out ExecutionStatus status))
        {
            throw new ArgumentException($"Workflow execution {record.ExecutionId} reports unknown status '{record.Status}'.", nameof(record));
        }

        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await RecordOnceAsync(record, status, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Someone (an API call, a sibling activity) wrote first: read again and reapply.
            }
        }
    }

    private async Task RecordOnceAsync(WorkflowStatusRecord record, ExecutionStatus status, CancellationToken cancellationToken)
    {
        ExecutionState? execution = await executions.GetAsync(record.ExecutionId, cancellationToken).ConfigureAwait(false);
        if (execution is null)
        {
            // A sub-workflow's record is written here, not by the action use case, so its secret parameters are masked here.
            var parameters = actions.MaskSecrets(
                record.ActionRef, JsonText.Parse(record.ParametersJson) as Dictionary<string, object?> ?? new(StringComparer.Ordinal));
            var context = new ExecutionContextState { ParentExecutionId = record.ParentExecutionId, TraceTag = record.TraceTag };
            string runner = actions.FindAction(record.ActionRef)?.RunnerType ?? WorkflowRunnerTypes.Orquesta;
            var created = ExecutionState.Create(
                record.ExecutionId, record.ActionRef, runner, parameters, context, new DateTimeOffset(record.At, TimeSpan.Zero)) with
            {
                Definition = record.Definition is { } pin
                    ? new ExecutionDefinition(record.ActionRef.Split('.', 2)[0], pin.PackVersion, pin.PackContentHash)
                    : null,
            };
            (execution, _) = await executions.CreateAsync(created, cancellationToken).ConfigureAwait(false);
        }

        if (execution.Status == status || execution.Status.IsCompleted())
        {
            return;
        }

        if (status.IsCompleted())
        {
            object? result = record.ResultJson is null ? null : JsonText.Parse(record.ResultJson);
            await actions.CompleteAsync(execution, new RunnerOutcome(status, result), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (ExecutionStatuses.CanTransition(execution.Status, status))
        {
            await executions.UpdateAsync(execution.WithStatus(status, new DateTimeOffset(record.At, TimeSpan.Zero)), cancellationToken).ConfigureAwait(false);
        }
    }
}
