namespace ServerlessFlow.Runtime.Runners;

/// <summary>An action runner (StackStorm runner type): runs one execution and reports its outcome. Runners never throw for
/// action failures; they report them in the outcome.</summary>
public interface IActionRunner
{
    /// <summary>The runner type name, as in an action's <c>runner_type</c>.</summary>
    string Name { get; }

    /// <summary>Runs the execution; cancellation means the caller gave up (the outcome is then canceled).</summary>
    Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken);
}
