using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>noop</c> runner: succeeds at once with st2's result shape (<c>failed</c>, <c>succeeded</c>, <c>return_code</c> 0).</summary>
public sealed class NoopRunner : IActionRunner
{
    /// <inheritdoc/>
    public string Name => "noop";

    /// <inheritdoc/>
    public Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new RunnerOutcome(ExecutionStatus.Succeeded, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["failed"] = false,
            ["succeeded"] = true,
            ["return_code"] = 0L,
        }));
}
