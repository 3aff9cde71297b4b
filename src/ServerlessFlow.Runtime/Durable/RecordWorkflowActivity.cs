using Microsoft.DurableTask;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The activity that writes a workflow's status change through <see cref="IWorkflowExecutionRecorder"/>.</summary>
[DurableTask(DurableNames.RecordWorkflowActivity)]
public sealed class RecordWorkflowActivity : TaskActivity<WorkflowStatusRecord, bool>
{
    private readonly IWorkflowExecutionRecorder recorder;

    /// <summary>Creates the activity over the recorder (resolved from the worker's services).</summary>
    public RecordWorkflowActivity(IWorkflowExecutionRecorder recorder) => this.recorder = recorder;

    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, WorkflowStatusRecord input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await recorder.RecordAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
