namespace ServerlessFlow.Runtime.Durable;

/// <summary>An event fed to <see cref="IWorkflowStepper.Apply(WorkflowStep, WorkflowStepEvent)"/>: a task's action changed status, or a control signal.</summary>
/// <param name="At">When it happened, from the orchestration's replay-safe clock.</param>
public abstract record WorkflowStepEvent(DateTime At);
