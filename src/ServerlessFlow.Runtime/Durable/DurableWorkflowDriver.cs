using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The workflow runners' driver (<c>orquesta</c>, <c>action-chain</c>): starts one workflow orchestration per execution
/// (instance id = execution id, so a redelivered start finds the first run) and reports it running;
/// the orchestration records the end through <see cref="IWorkflowExecutionRecorder"/>.
/// </summary>
public sealed class DurableWorkflowDriver : IWorkflowDriver
{
    private readonly WorkflowOrchestrationClient client;
    private readonly IExecutionStore executions;
    private readonly Func<string, PinnedWorkflowDefinition?>? pin;

    /// <summary>Creates the driver over a client of the worker's task hub and the execution store (for the trace tag);
    /// <paramref name="pin"/> gives the definition a new execution of a workflow starts with (null: executions are not pinned,
    /// and replays run whatever definition is loaded).</summary>
    public DurableWorkflowDriver(WorkflowOrchestrationClient client, IExecutionStore executions, Func<string, PinnedWorkflowDefinition?>? pin = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(executions);
        this.client = client;
        this.executions = executions;
        this.pin = pin;
    }

    /// <inheritdoc/>
    public async Task<RunnerOutcome> StartAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new Dictionary<string, object?>(request.ActionParameters, StringComparer.Ordinal);
        foreach ((string name, object? value) in request.RunnerParameters)
        {
            parameters.TryAdd(name, value);
        }

        ExecutionState? execution = await executions.GetAsync(request.ExecutionId, cancellationToken).ConfigureAwait(false);
        await client.StartAsync(
            new WorkflowOrchestrationInput(
                request.ExecutionId,
                request.ActionRef,
                JsonText.Serialize(parameters),
                request.ParentExecutionId,
                execution?.Context.TraceTag,
                RecordedRunning: execution?.Status == ExecutionStatus.Running,
                Definition: pin?.Invoke(request.ActionRef)),
            cancellationToken).ConfigureAwait(false);
        return new RunnerOutcome(ExecutionStatus.Running, null);
    }
}
