using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>The workflow orchestrator's activity triggers over the runtime, as <see cref="DurableWorkflowTasks"/> registers
/// <see cref="RunActionActivity"/>, <see cref="RecordWorkflowActivity"/> and <see cref="ApplyWorkflowStepActivity"/> in the
/// local engine (large JSON travels as blob payloads through <see cref="WorkflowPayloads"/>). Activities never start or steer
/// workflows, so they run on <see cref="ServerlessFlowRuntime.WithoutDurableClient"/>.</summary>
internal sealed class WorkflowActivityFunctions(ServerlessFlowRuntime runtime)
{
    /// <summary>Runs one task's action.</summary>
    [Function(DurableNames.RunActionActivity)]
    public Task<ActionTaskOutcome> RunActionAsync([ActivityTrigger] ActionTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Not the invocation's token: as in the local host, an action that started runs to its end.
        return runtime.Payloads.RunActionAsync(runtime.WithoutDurableClient.ActionTasks, request, CancellationToken.None);
    }

    /// <summary>Writes a workflow's status change to the execution store.</summary>
    [Function(DurableNames.RecordWorkflowActivity)]
    public async Task<bool> RecordWorkflowAsync([ActivityTrigger] WorkflowStatusRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        await runtime.Payloads.RecordAsync(runtime.WithoutDurableClient.WorkflowRecorder, record, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs one workflow step whose input or output travels as payloads.</summary>
    [Function(DurableNames.ApplyWorkflowStepActivity)]
    public Task<WorkflowStep> ApplyStepAsync([ActivityTrigger] WorkflowStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runtime.Payloads.StepAsync(runtime.Workflows, request, CancellationToken.None);
    }
}
