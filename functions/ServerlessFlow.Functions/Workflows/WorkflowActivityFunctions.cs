using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>The workflow orchestrator's activity triggers, delegating to the runtime's
/// <see cref="IActionTaskRunner"/> and <see cref="IWorkflowExecutionRecorder"/> as
/// <see cref="RunActionActivity"/> and <see cref="RecordWorkflowActivity"/> do in the local host.</summary>
internal sealed class WorkflowActivityFunctions(IActionTaskRunner runner, IWorkflowExecutionRecorder recorder)
{
    /// <summary>Runs one task's action.</summary>
    [Function(DurableNames.RunActionActivity)]
    public Task<ActionTaskOutcome> RunActionAsync([ActivityTrigger] ActionTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Not the invocation's token: as in the local host, an action that started runs to its end.
        return runner.RunAsync(request, CancellationToken.None);
    }

    /// <summary>Writes a workflow's status change to the execution store.</summary>
    [Function(DurableNames.RecordWorkflowActivity)]
    public async Task<bool> RecordWorkflowAsync([ActivityTrigger] WorkflowStatusRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        await recorder.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
