namespace ServerlessFlow.Core.Orquesta.Conducting;

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
