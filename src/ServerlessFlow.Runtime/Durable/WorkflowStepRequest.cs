namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The input of the apply-step activity: start a workflow, or apply one event to its state, outside the
/// orchestrator because a payload must be read or the step's output is too large for orchestration history.
/// </summary>
/// <param name="WorkflowExecutionId">The workflow execution (payloads are named under it).</param>
/// <param name="At">When, from the orchestration clock.</param>
/// <param name="Start">Set to start the workflow with this input; otherwise an event is applied to the state.</param>
/// <param name="State">The state to apply the event to (empty when it is <paramref name="StatePayload"/>).</param>
/// <param name="StatePayload">The state's name in the payload store, when it is too large for history.</param>
/// <param name="TaskEvent">A task's action changed status.</param>
/// <param name="ControlEvent">A pause, resume or cancel signal.</param>
/// <param name="Definition">The pinned ActionChain the execution runs (an Orquesta state carries its own definition), so an
/// instance that never started this execution knows that version; null otherwise, and in requests stored before.</param>
/// <param name="ActionRef">The workflow action of <paramref name="Definition"/>.</param>
public sealed record WorkflowStepRequest(
    string WorkflowExecutionId,
    DateTime At,
    WorkflowOrchestrationInput? Start = null,
    string? State = null,
    string? StatePayload = null,
    TaskActionEvent? TaskEvent = null,
    WorkflowControlEvent? ControlEvent = null,
    PinnedWorkflowDefinition? Definition = null,
    string? ActionRef = null);
