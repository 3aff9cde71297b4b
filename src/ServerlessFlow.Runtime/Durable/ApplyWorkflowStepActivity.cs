using Microsoft.DurableTask;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The activity that runs one stepper step where payloads are involved (see <see cref="WorkflowPayloads.StepAsync"/>).</summary>
[DurableTask(DurableNames.ApplyWorkflowStepActivity)]
public sealed class ApplyWorkflowStepActivity : TaskActivity<WorkflowStepRequest, WorkflowStep>
{
    private readonly IWorkflowStepper stepper;
    private readonly WorkflowPayloads payloads;

    /// <summary>Creates the activity over the orchestrator's stepper and the payloads.</summary>
    public ApplyWorkflowStepActivity(IWorkflowStepper stepper, WorkflowPayloads payloads)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        ArgumentNullException.ThrowIfNull(payloads);
        this.stepper = stepper;
        this.payloads = payloads;
    }

    /// <inheritdoc/>
    public override Task<WorkflowStep> RunAsync(TaskActivityContext context, WorkflowStepRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return payloads.StepAsync(stepper, input, CancellationToken.None);
    }
}
