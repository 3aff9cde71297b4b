using Microsoft.DurableTask;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The activity that runs one task's action through <see cref="IActionTaskRunner"/>.</summary>
[DurableTask(DurableNames.RunActionActivity)]
public sealed class RunActionActivity : TaskActivity<ActionTaskRequest, ActionTaskOutcome>
{
    private readonly IActionTaskRunner runner;

    /// <summary>Creates the activity over the runner (resolved from the worker's services).</summary>
    public RunActionActivity(IActionTaskRunner runner) => this.runner = runner;

    /// <inheritdoc/>
    public override Task<ActionTaskOutcome> RunAsync(TaskActivityContext context, ActionTaskRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.RunAsync(input, CancellationToken.None);
    }
}
