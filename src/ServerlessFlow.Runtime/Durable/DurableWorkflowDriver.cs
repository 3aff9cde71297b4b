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
        WorkflowRerunInput? rerun = null;
        if (execution?.Context.ReRun is { Tasks.Count: > 0 } reRun)
        {
            (rerun, string? refused) = await RerunInputAsync(reRun, cancellationToken).ConfigureAwait(false);
            if (rerun is null)
            {
                // StackStorm's orquesta runner fails the new execution with the reason.
                return new RunnerOutcome(ExecutionStatus.Failed, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["errors"] = new List<object?> { new Dictionary<string, object?>(StringComparer.Ordinal) { ["message"] = refused } },
                    ["output"] = null,
                });
            }
        }

        await client.StartAsync(
            new WorkflowOrchestrationInput(
                request.ExecutionId,
                request.ActionRef,
                JsonText.Serialize(parameters),
                request.ParentExecutionId,
                execution?.Context.TraceTag,
                RecordedRunning: execution?.Status == ExecutionStatus.Running,
                // A re-run continues from the original's saved state, which carries the definition the original ran.
                Definition: rerun is null ? pin?.Invoke(request.ActionRef) : null,
                Rerun: rerun),
            cancellationToken).ConfigureAwait(false);
        return new RunnerOutcome(ExecutionStatus.Running, null);
    }

    /// <summary>The original workflow's final state for a re-run from its tasks, or why there is none.</summary>
    private async Task<(WorkflowRerunInput? Input, string? Refused)> RerunInputAsync(ExecutionReRun reRun, CancellationToken cancellationToken)
    {
        OrchestrationSnapshot<WorkflowOrchestrationResult>? original = await client.GetAsync(reRun.Ref, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return (null, $"Unable to rerun workflow execution \"{reRun.Ref}\" because it does not exist.");
        }

        if (!original.IsCompleted)
        {
            return (null, $"Unable to rerun workflow execution \"{reRun.Ref}\" because it is not in a completed state.");
        }

        if (original.Output is not { } result || (string.IsNullOrEmpty(result.State) && result.StatePayload is null))
        {
            return (null, $"Unable to rerun workflow execution \"{reRun.Ref}\" from its tasks because its final state was not kept "
                + "(it is a sub-workflow, it could not start, or it ended before ServerlessFlow kept final states).");
        }

        return (new WorkflowRerunInput(reRun.Ref, reRun.Tasks, reRun.Reset, result.State ?? string.Empty, result.StatePayload), null);
    }
}
