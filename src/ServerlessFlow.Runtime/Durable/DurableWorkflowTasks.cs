using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Runtime.Composition;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>Registers the workflow orchestrator and its activities by hand (the SDK's source generator is not used).</summary>
public static class DurableWorkflowTasks
{
    /// <summary>
    /// Adds the runtime's orchestrator and the activities over its parts to a worker's registry: one orchestrator object
    /// serves every instance (it keeps no per-run state), and the activities run what <see cref="ServerlessFlowRuntime.WithoutDurableClient"/> composes.
    /// </summary>
    public static void Register(DurableTaskRegistry registry, ServerlessFlowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(runtime);
        registry.AddOrchestrator(DurableNames.WorkflowOrchestrator, runtime.Orchestrator);
        foreach ((string name, Func<ITaskActivity> create) in Activities(runtime))
        {
            registry.AddActivity(name, _ => create());
        }
    }

    /// <summary>The activities of the workflow orchestrator over the runtime's parts, by name: what every host registers.</summary>
    public static IReadOnlyDictionary<string, Func<ITaskActivity>> Activities(ServerlessFlowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Dictionary<string, Func<ITaskActivity>>(StringComparer.Ordinal)
        {
            [DurableNames.RunActionActivity] = () => new RunActionActivity(runtime.WithoutDurableClient.ActionTasks, runtime.Payloads),
            [DurableNames.RecordWorkflowActivity] = () => new RecordWorkflowActivity(runtime.WithoutDurableClient.WorkflowRecorder, runtime.Payloads),
            [DurableNames.ApplyWorkflowStepActivity] = () => new ApplyWorkflowStepActivity(runtime.Workflows, runtime.Payloads),
        };
    }

    /// <summary>
    /// Adds an orchestrator over <paramref name="stepper"/> and the activities with their parts taken from the worker's
    /// services (<see cref="IActionTaskRunner"/>, <see cref="IWorkflowExecutionRecorder"/>, <see cref="WorkflowPayloads"/>):
    /// for tests that run the orchestrator over staged steppers and recording runners.
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
