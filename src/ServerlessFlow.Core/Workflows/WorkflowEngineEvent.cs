namespace ServerlessFlow.Core.Workflows;

/// <summary>Something that happened to a running workflow, fed to <see cref="IWorkflowEngine"/>.</summary>
public abstract record WorkflowEngineEvent;

/// <summary>An action the engine asked for changed status: it ended (succeeded, failed, timeout…) or is pending (an
/// inquiry awaiting its answer); after <see cref="WorkflowStatus.Pending"/>, the answer comes as <see cref="WorkflowStatus.Succeeded"/>.</summary>
/// <param name="Key">Which task, route and item.</param>
/// <param name="Status">The action execution's new status.</param>
/// <param name="Result">Its result (plain value).</param>
/// <param name="ExecutionId">The action execution's id, when the host knows it (Core makes no ids).</param>
/// <param name="At">When it happened, from the host's replay-safe clock (Core reads no clock); null when unknown.</param>
public sealed record ActionStatusChanged(TaskKey Key, WorkflowStatus Status, object? Result, string? ExecutionId = null, DateTimeOffset? At = null)
    : WorkflowEngineEvent;

/// <summary>An operator asked the workflow to pause, resume or cancel.</summary>
/// <param name="Control">What was asked.</param>
/// <param name="At">When, from the host's replay-safe clock; null when unknown.</param>
public sealed record WorkflowControlRequested(WorkflowControl Control, DateTimeOffset? At = null) : WorkflowEngineEvent;
