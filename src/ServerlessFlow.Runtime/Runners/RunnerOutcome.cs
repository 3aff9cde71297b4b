using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>What a runner reports: the status the execution ends in (or pending) and the result in the runner's shape.</summary>
/// <param name="Status">succeeded, failed, timeout, pending, canceled…</param>
/// <param name="Result">The runner's result (plain value).</param>
public sealed record RunnerOutcome(ExecutionStatus Status, object? Result)
{
    /// <summary>A failure with StackStorm's error result shape (<c>{"error": message}</c>).</summary>
    public static RunnerOutcome Failure(string message) =>
        new(ExecutionStatus.Failed, new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = message });
}
