namespace ServerlessFlow.Runtime.Durable;

/// <summary>Names under which the workflow orchestrator, its activities and its external events are registered.</summary>
/// <remarks>Orchestrator and activity names are also Azure Functions function names, which allow only
/// letters, digits, <c>-</c> and <c>_</c> (no dots).</remarks>
public static class DurableNames
{
    /// <summary>The workflow orchestrator (one instance per workflow execution).</summary>
    public const string WorkflowOrchestrator = "sflow-workflow";

    /// <summary>The activity that runs one task's action.</summary>
    public const string RunActionActivity = "sflow-run-action";

    /// <summary>The activity that writes a workflow's status change to the execution store.</summary>
    public const string RecordWorkflowActivity = "sflow-record-workflow";

    /// <summary>The activity that runs a stepper step whose input or output travels as payloads.</summary>
    public const string ApplyWorkflowStepActivity = "sflow-apply-step";

    /// <summary>The orchestration that runs one requested non-workflow execution out of band (the Functions app registers it).</summary>
    public const string RunExecutionOrchestrator = "sflow-run-execution";

    /// <summary>External event carrying a <see cref="WorkflowControlSignal"/> (pause, resume, cancel).</summary>
    public const string ControlEvent = "sflow.control";

    /// <summary>The external event a sub-workflow sends its parent when it pauses or goes on again (st2 pauses the parent of a
    /// paused sub-workflow, e.g. one waiting on a <c>core.ask</c>); its data is a <see cref="ChildWorkflowStatus"/>.</summary>
    public const string ChildStatusEvent = "sflow.child-status";

    /// <summary>External event carrying an inquiry's response (JSON) for the task execution <paramref name="taskExecutionId"/>.</summary>
    public static string InquiryResponseEvent(string taskExecutionId) => "sflow.inquiry." + taskExecutionId;
}
