namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>An event about a task's action execution, fed to <see cref="WorkflowConductor.UpdateTaskState"/>.</summary>
/// <param name="Status">The action's new status (orquesta status name).</param>
/// <param name="Result">The action result (plain value).</param>
public record ExecutionEvent(string Status, object? Result = null)
{
    /// <summary>orquesta's event name (<c>action_succeeded</c>…).</summary>
    public virtual string Name => "action_" + Status;
}

/// <summary>An event about one item of a with-items task.</summary>
/// <param name="ItemId">Index of the item.</param>
/// <param name="Status">The item action's new status.</param>
/// <param name="Result">The item's result.</param>
/// <param name="AccumulatedResult">Results of all items so far (null for those not finished): the task's <c>result()</c>.</param>
public sealed record TaskItemExecutionEvent(int ItemId, string Status, object? Result = null, object? AccumulatedResult = null)
    : ExecutionEvent(Status, Result);

/// <summary>An engine command (<c>continue</c>, <c>fail</c>, <c>noop</c>, <c>retry</c>) applied to a task.</summary>
internal sealed record EngineOperationEvent(string OperationName, string Status) : ExecutionEvent(Status)
{
    public override string Name => OperationName;

    public static EngineOperationEvent For(string command) => command switch
    {
        Specs.EngineCommands.Continue => new("task_continue_requested", WorkflowStatuses.Succeeded),
        Specs.EngineCommands.Noop => new("task_noop_requested", WorkflowStatuses.Succeeded),
        Specs.EngineCommands.Fail => new("task_fail_requested", WorkflowStatuses.Failed),
        _ => Retry,
    };

    public static EngineOperationEvent Retry { get; } = new("task_retry_requested", WorkflowStatuses.Retrying);
}
