namespace ServerlessFlow.Runtime.Durable;

/// <summary>What starts one workflow orchestration: the workflow execution and its parameters.</summary>
/// <param name="ExecutionId">The workflow's execution id; the orchestration instance id is derived from it.</param>
/// <param name="ActionRef">The workflow action, <c>pack.name</c>.</param>
/// <param name="ParametersJson">The workflow's input parameters as a JSON object.</param>
/// <param name="ParentExecutionId">The parent workflow's execution id when this runs as a sub-workflow.</param>
/// <param name="TraceTag">The trace tag of the event that caused the run, if any.</param>
/// <param name="ParametersPayload">Parameters too large for orchestration history: their name in the payload store
/// (<paramref name="ParametersJson"/> is then empty).</param>
/// <param name="RecordedRunning">
/// The execution record already exists and says running (the starter wrote it), so the orchestration skips
/// its first "running" record activity. False for sub-workflows, whose record the orchestration creates, and in
/// inputs stored before this field existed, so orchestrations already in flight replay the same activities.
/// </param>
/// <param name="Definition">The definition this execution runs, pinned when it started (null in inputs stored before
/// executions were pinned: those run whatever definition is loaded for <paramref name="ActionRef"/>).</param>
/// <param name="Rerun">Set when this execution re-runs a finished workflow from some of its tasks instead of starting it.</param>
public sealed record WorkflowOrchestrationInput(
    string ExecutionId,
    string ActionRef,
    string ParametersJson,
    string? ParentExecutionId = null,
    string? TraceTag = null,
    string? ParametersPayload = null,
    bool RecordedRunning = false,
    PinnedWorkflowDefinition? Definition = null,
    WorkflowRerunInput? Rerun = null);
