namespace ServerlessFlow.Runtime.Durable;

/// <summary>A pause, resume or cancel request reached the workflow.</summary>
/// <param name="At">When, from the orchestration clock.</param>
/// <param name="Signal">What was asked.</param>
public sealed record WorkflowControlEvent(DateTime At, WorkflowControlSignal Signal) : WorkflowStepEvent(At);
