namespace ServerlessFlow.Runtime.Runners;

/// <summary>An action runner (StackStorm runner type): runs one execution and reports its outcome. Runners never throw for
/// action failures; they report them in the outcome.</summary>
public interface IActionRunner
{
    /// <summary>The runner type name, as in an action's <c>runner_type</c>.</summary>
    string Name { get; }

    /// <summary>True when <see cref="RunAsync"/> returns only once the action has finished, so an execution of this runner
    /// still <c>running</c> with nobody running it was cut off by a crash. False for runners that hand the execution on
    /// (a workflow keeps running in its orchestration).</summary>
    bool CompletesInProcess => true;

    /// <summary>Runs the execution; cancellation means the caller gave up (the outcome is then canceled).</summary>
    Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken);
}
