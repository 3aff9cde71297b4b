using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>Registers the workflow orchestrator and its activities by hand (the SDK's source generator is not used).</summary>
public static class DurableWorkflowTasks
{
    /// <summary>
    /// Adds the orchestrator (over <paramref name="stepper"/>) and the activities to a worker's
    /// registry. The SDK creates orchestrators without dependency injection, so the stepper is
    /// passed here; one orchestrator object serves every instance (it keeps no per-run state).
    /// Activities get <see cref="IActionTaskRunner"/>, <see cref="IWorkflowExecutionRecorder"/> and
    /// <see cref="WorkflowPayloads"/> from the worker's services.
    /// </summary>
    public static void Register(DurableTaskRegistry registry, IWorkflowStepper stepper)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(stepper);
        registry.AddOrchestrator(DurableNames.WorkflowOrchestrator, new WorkflowOrchestrator(stepper));
        registry.AddActivity<RunActionActivity>();
        registry.AddActivity<RecordWorkflowActivity>();
        registry.AddActivity(
            DurableNames.ApplyWorkflowStepActivity,
            services => new ApplyWorkflowStepActivity(stepper, services.GetRequiredService<WorkflowPayloads>()));
    }
}
