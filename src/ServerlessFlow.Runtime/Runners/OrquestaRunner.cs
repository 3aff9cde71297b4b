namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>orquesta</c> runner: hands the execution to the workflow driver, or fails clearly when none is configured.</summary>
public sealed class OrquestaRunner : IActionRunner
{
    private readonly IWorkflowDriver? driver;

    /// <summary>Creates the runner over <paramref name="driver"/> (null: workflows are not available in this host).</summary>
    public OrquestaRunner(IWorkflowDriver? driver) => this.driver = driver;

    /// <inheritdoc/>
    public string Name => "orquesta";

    /// <inheritdoc/>
    public bool CompletesInProcess => false;

    /// <inheritdoc/>
    public Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken) =>
        driver is null
            ? Task.FromResult(RunnerOutcome.Failure(
                $"Action {request.ActionRef} is an Orquesta workflow, and no workflow driver is configured in this host (sflow run handles only non-workflow actions for now)."))
            : driver.StartAsync(request, cancellationToken);
}
