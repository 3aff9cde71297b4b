namespace ServerlessFlow.Runtime.Runners;

/// <summary>Port: starts a workflow execution, Orquesta or ActionChain (the durable workflow driver implements it).</summary>
public interface IWorkflowDriver
{
    /// <summary>Starts the workflow; the outcome is usually running (the driver completes the execution later).</summary>
    Task<RunnerOutcome> StartAsync(ActionRunRequest request, CancellationToken cancellationToken);
}
