using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>A workflow runner (<c>orquesta</c>, <c>action-chain</c>): hands the execution to the workflow driver, which starts
/// it durably on the engine of its language, or fails clearly when none is configured.</summary>
public sealed class WorkflowRunner : IActionRunner
{
    private readonly IWorkflowDriver? driver;

    /// <summary>Creates the runner named <paramref name="name"/> (one of <see cref="WorkflowRunnerTypes.All"/>) over
    /// <paramref name="driver"/> (null: workflows are not available in this host).</summary>
    public WorkflowRunner(string name, IWorkflowDriver? driver)
    {
        if (!WorkflowRunnerTypes.IsWorkflow(name))
        {
            throw new ArgumentException($"'{name}' is not a workflow runner.", nameof(name));
        }

        Name = name;
        this.driver = driver;
    }

    /// <summary>One runner per workflow language over the same driver.</summary>
    public static IEnumerable<WorkflowRunner> ForEveryLanguage(IWorkflowDriver? driver) =>
        WorkflowRunnerTypes.All.Select(name => new WorkflowRunner(name, driver));

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool CompletesInProcess => false;

    /// <inheritdoc/>
    public Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken) =>
        driver is null
            ? Task.FromResult(RunnerOutcome.Failure(
                $"Action {request.ActionRef} is a workflow ({Name}), and no workflow driver is configured in this host (sflow run handles only non-workflow actions for now)."))
            : driver.StartAsync(request, cancellationToken);
}
