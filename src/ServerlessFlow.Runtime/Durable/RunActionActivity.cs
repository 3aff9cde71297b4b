using Microsoft.DurableTask;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The activity that runs one task's action through <see cref="IActionTaskRunner"/>.</summary>
[DurableTask(DurableNames.RunActionActivity)]
public sealed class RunActionActivity : TaskActivity<ActionTaskRequest, ActionTaskOutcome>
{
    private readonly IActionTaskRunner runner;
    private readonly WorkflowPayloads payloads;

    /// <summary>Creates the activity over the runner and the payloads (resolved from the worker's services).</summary>
    public RunActionActivity(IActionTaskRunner runner, WorkflowPayloads payloads)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(payloads);
        this.runner = runner;
        this.payloads = payloads;
    }

    /// <inheritdoc/>
    public override Task<ActionTaskOutcome> RunAsync(TaskActivityContext context, ActionTaskRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return payloads.RunActionAsync(runner, input, CancellationToken.None);
    }
}
