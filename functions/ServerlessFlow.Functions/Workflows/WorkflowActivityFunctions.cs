using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>The workflow orchestrator's activity triggers, delegating to the runtime's
/// <see cref="IActionTaskRunner"/> and <see cref="IWorkflowExecutionRecorder"/> as
/// <see cref="RunActionActivity"/>, <see cref="RecordWorkflowActivity"/> and <see cref="ApplyWorkflowStepActivity"/>
/// do in the local host (large JSON travels as blob payloads through <see cref="WorkflowPayloads"/>).</summary>
internal sealed class WorkflowActivityFunctions(
    IActionTaskRunner runner, IWorkflowExecutionRecorder recorder, IWorkflowStepper stepper, WorkflowPayloads payloads)
{
    /// <summary>Runs one task's action.</summary>
    [Function(DurableNames.RunActionActivity)]
    public Task<ActionTaskOutcome> RunActionAsync([ActivityTrigger] ActionTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Not the invocation's token: as in the local host, an action that started runs to its end.
        return payloads.RunActionAsync(runner, request, CancellationToken.None);
    }

    /// <summary>Writes a workflow's status change to the execution store.</summary>
    [Function(DurableNames.RecordWorkflowActivity)]
    public async Task<bool> RecordWorkflowAsync([ActivityTrigger] WorkflowStatusRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        await payloads.RecordAsync(recorder, record, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs one workflow step whose input or output travels as payloads.</summary>
    [Function(DurableNames.ApplyWorkflowStepActivity)]
    public Task<WorkflowStep> ApplyStepAsync([ActivityTrigger] WorkflowStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return payloads.StepAsync(stepper, request, CancellationToken.None);
    }
}
