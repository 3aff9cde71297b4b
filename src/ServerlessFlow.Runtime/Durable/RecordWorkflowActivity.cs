using Microsoft.DurableTask;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The activity that writes a workflow's status change through <see cref="IWorkflowExecutionRecorder"/>.</summary>
[DurableTask(DurableNames.RecordWorkflowActivity)]
public sealed class RecordWorkflowActivity : TaskActivity<WorkflowStatusRecord, bool>
{
    private readonly IWorkflowExecutionRecorder recorder;
    private readonly WorkflowPayloads payloads;

    /// <summary>Creates the activity over the recorder and the payloads (resolved from the worker's services).</summary>
    public RecordWorkflowActivity(IWorkflowExecutionRecorder recorder, WorkflowPayloads payloads)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(payloads);
        this.recorder = recorder;
        this.payloads = payloads;
    }

    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, WorkflowStatusRecord input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await payloads.RecordAsync(recorder, input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
