using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>A task's action changed status: it ended (succeeded, failed, timeout…) or is pending (an inquiry awaiting its answer).</summary>
/// <param name="At">When, from the orchestration clock.</param>
/// <param name="Key">Which task, route and item.</param>
/// <param name="Status">The action execution's new status (orquesta's status names).</param>
/// <param name="ResultJson">The action result as JSON (empty when it travels as <paramref name="ResultPayload"/>).</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store. Steppers never see
/// one: the orchestrator hands such events to <see cref="ApplyWorkflowStepActivity"/>, which resolves it first.</param>
/// <param name="ExecutionId">The task's action execution id (derived by the orchestrator; ActionChain results show it).</param>
public sealed record TaskActionEvent(DateTime At, TaskKey Key, string Status, string ResultJson, string? ResultPayload = null, string? ExecutionId = null)
    : WorkflowStepEvent(At);
