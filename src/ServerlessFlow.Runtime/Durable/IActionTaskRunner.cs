namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Port: runs one task's action for the run-action activity, recording the task execution in the
/// execution store as it starts and ends. Must be idempotent by <see cref="ActionTaskRequest.ExecutionId"/>:
/// an activity may run again after a crash, and a finished execution is then reported, not rerun.
/// </summary>
public interface IActionTaskRunner
{
    /// <summary>Runs (or, for an inquiry, records) the action and reports the outcome; action failures are outcomes, not exceptions.
    /// A request <see cref="ActionTaskRequest.CanceledBeforeStart"/> only records the execution <c>canceled</c>, without running it.</summary>
    Task<ActionTaskOutcome> RunAsync(ActionTaskRequest request, CancellationToken cancellationToken);
}
