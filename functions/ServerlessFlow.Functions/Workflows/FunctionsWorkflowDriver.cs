using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>
/// The <c>orquesta</c> runner's driver in the Functions app: starts the workflow orchestration
/// (instance id = execution id) through the runtime's <see cref="DurableWorkflowDriver"/>, with the
/// <c>[DurableClient]</c> client of the current invocation (<see cref="DurableClientScope"/>).
/// </summary>
internal sealed class FunctionsWorkflowDriver(IExecutionStore executions) : IWorkflowDriver
{
    /// <inheritdoc/>
    public Task<RunnerOutcome> StartAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = DurableClientScope.Current ?? throw new InvalidOperationException(
            $"Workflow {request.ActionRef} (execution {request.ExecutionId}) cannot start: this function has no Durable client "
            + "(only functions with a [DurableClient] binding that enter DurableClientScope can start workflows).");
        return new DurableWorkflowDriver(new WorkflowOrchestrationClient(client), executions).StartAsync(request, cancellationToken);
    }
}
