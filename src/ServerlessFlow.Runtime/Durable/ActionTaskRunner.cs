using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Runs a workflow task's action through <see cref="ActionExecutionService"/>: the task execution
/// is recorded (as a child of the workflow execution) as it starts and ends, and running the same
/// task execution id twice runs the action once.
/// </summary>
public sealed class ActionTaskRunner : IActionTaskRunner
{
    private readonly ActionExecutionService actions;
    private readonly PackCatalog catalog;

    /// <summary>Creates the runner over the action use case and the loaded packs.</summary>
    public ActionTaskRunner(ActionExecutionService actions, PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(catalog);
        this.actions = actions;
        this.catalog = catalog;
    }

    /// <inheritdoc/>
    public async Task<ActionTaskOutcome> RunAsync(ActionTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ActionSpec? action = catalog.FindAction(request.ActionRef);
        PackSpec? pack = action is null ? null : catalog.FindPack(action.Pack);
        var context = new ExecutionContextState
        {
            ParentExecutionId = request.WorkflowExecutionId,
            ParentTaskName = request.Key.TaskId,
            TraceTag = request.TraceTag,
        };
        if (request.CanceledBeforeStart)
        {
            return await RecordCanceledAsync(request, action, context, cancellationToken).ConfigureAwait(false);
        }

        if (action is null || pack is null)
        {
            return Failed($"Task {request.Key} runs action {request.ActionRef}, which is not in any loaded pack.");
        }

        if (JsonText.Parse(request.InputJson) is not Dictionary<string, object?> parameters)
        {
            return Failed($"Task {request.Key} has an input that is not an object.");
        }

        ExecutionState execution;
        try
        {
            execution = await actions.RunAsync(
                action, parameters, Path.Combine(pack.Location, "actions"), context, request.ExecutionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ActionParameterException e)
        {
            return Failed($"Task {request.Key} gave action {request.ActionRef} parameters it does not accept: {e.Message}");
        }

        if (!execution.Status.IsCompleted() && execution.Status != ExecutionStatus.Pending)
        {
            // Only a retried activity finds its execution still in progress: the host stopped
            // while the action ran, and whether it finished is unknown. Never run it twice.
            return new ActionTaskOutcome(
                ExecutionStatus.Abandoned.ToApiName(),
                Error($"Execution {execution.Id} was interrupted while {execution.Status.ToApiName()} (the host stopped); it is not run again."));
        }

        return new ActionTaskOutcome(execution.Status.ToApiName(), JsonText.Serialize(execution.Result));
    }

    /// <summary>StackStorm's result for an execution canceled before it ran.</summary>
    internal static string CanceledBeforeStartResult() =>
        JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal) { ["message"] = "Action canceled by user." });

    /// <summary>
    /// Records a task canceled during its delay as a <c>canceled</c> child execution (an input that is not an object is
    /// recorded without parameters). An action that is not loaded has nothing to record against: the outcome is still
    /// <c>canceled</c>, as the task never ran.
    /// </summary>
    private async Task<ActionTaskOutcome> RecordCanceledAsync(
        ActionTaskRequest request, ActionSpec? action, ExecutionContextState context, CancellationToken cancellationToken)
    {
        string result = CanceledBeforeStartResult();
        if (action is not null)
        {
            var parameters = JsonText.Parse(request.InputJson) as Dictionary<string, object?> ?? new(StringComparer.Ordinal);
            await actions.RecordCanceledBeforeRunAsync(action, parameters, context, request.ExecutionId, JsonText.Parse(result), cancellationToken)
                .ConfigureAwait(false);
        }

        return new ActionTaskOutcome(ExecutionStatus.Canceled.ToApiName(), result);
    }

    private static ActionTaskOutcome Failed(string message) => new(ExecutionStatus.Failed.ToApiName(), Error(message));

    private static string Error(string message) =>
        JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = message });
}
