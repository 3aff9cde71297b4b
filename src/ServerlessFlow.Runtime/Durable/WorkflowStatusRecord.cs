namespace ServerlessFlow.Runtime.Durable;

/// <summary>A workflow execution's status change, for the execution store (the product's history, not Durable's).</summary>
/// <param name="ExecutionId">The workflow execution.</param>
/// <param name="ActionRef">The workflow action.</param>
/// <param name="ParentExecutionId">The parent workflow, for sub-workflows (their record is created on the first call).</param>
/// <param name="ParametersJson">The workflow's input parameters.</param>
/// <param name="Status">The new status (orquesta's names).</param>
/// <param name="ResultJson">The result once terminal, else null.</param>
/// <param name="At">When, from the orchestration clock.</param>
/// <param name="TraceTag">The trace tag of the triggering event.</param>
/// <param name="ParametersPayload">Parameters too large for orchestration history: their name in the payload store.</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store.</param>
/// <param name="Definition">The definition the workflow runs (its pack version and content hash go on the record).</param>
/// <remarks>The record activity resolves both payloads, so an <see cref="IWorkflowExecutionRecorder"/> always gets the JSON.</remarks>
public sealed record WorkflowStatusRecord(
    string ExecutionId,
    string ActionRef,
    string? ParentExecutionId,
    string ParametersJson,
    string Status,
    string? ResultJson,
    DateTime At,
    string? TraceTag = null,
    string? ParametersPayload = null,
    string? ResultPayload = null,
    PinnedWorkflowDefinition? Definition = null);
