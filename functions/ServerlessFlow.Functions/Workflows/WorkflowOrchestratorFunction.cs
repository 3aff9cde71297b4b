using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>The orchestrator trigger of Orquesta workflows: one orchestration per workflow execution,
/// run by the runtime's <see cref="WorkflowOrchestrator"/> (this class only binds it).</summary>
internal sealed class WorkflowOrchestratorFunction(ServerlessFlowRuntime runtime)
{
    /// <summary>Runs one workflow orchestration (replayed by the Durable extension as it progresses).</summary>
    [Function(DurableNames.WorkflowOrchestrator)]
    public Task<WorkflowOrchestrationResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<WorkflowOrchestrationInput>()
            ?? throw new ArgumentException($"Orchestration {context.InstanceId} was started without a workflow input.", nameof(context));
        return runtime.Orchestrator.RunAsync(context, input);
    }
}
