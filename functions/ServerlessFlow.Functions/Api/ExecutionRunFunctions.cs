using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Functions.Api;

/// <summary>Runs a non-workflow action requested through <c>POST /api/v1/executions</c> out of band: an orchestration per
/// execution (started by <see cref="DurableExecutionScheduler"/>) calls one activity that runs the action to its end, so an
/// action longer than the HTTP front end's 230 s request limit still completes and the API answers at once.</summary>
internal sealed class ExecutionRunFunctions(ServerlessFlowRuntime runtime)
{
    /// <summary>Function name of the orchestration.</summary>
    public const string OrchestratorName = DurableNames.RunExecutionOrchestrator;

    /// <summary>Function name of the activity that runs the action.</summary>
    public const string ActivityName = "sflow-run-requested-action";

    /// <summary>Calls the activity once (no retries: an action is never run twice) and returns the final status.</summary>
    [Function(OrchestratorName)]
    public Task<string> OrchestrateAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.GetInput<RunExecutionCommand>()
            ?? throw new ArgumentException($"Orchestration {context.InstanceId} was started without an execution to run.", nameof(context));
        return context.CallActivityAsync<string>(ActivityName, command);
    }

    /// <summary>Runs the requested execution and returns its final status; an action that left the deployed packs, or
    /// parameters no longer acceptable, end it as failed with the reason.</summary>
    [Function(ActivityName)]
    public async Task<string> RunAsync([ActivityTrigger] RunExecutionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Not the invocation's token: as for workflow tasks, an action that started runs to its end. Only non-workflow
        // actions are scheduled here, so no Durable client is needed.
        var actions = runtime.WithoutDurableClient.Actions;
        var execution = await actions.GetExecutionAsync(command.ExecutionId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Execution {command.ExecutionId} is not stored; it is created before it is scheduled.");
        var action = runtime.Catalog.FindAction(command.ActionRef);
        var pack = action is null ? null : runtime.Catalog.FindPack(action.Pack);
        if (action is null || pack is null)
        {
            return (await actions.CompleteAsync(execution, RunnerOutcome.Failure($"Action {command.ActionRef} is not in the deployed packs."), CancellationToken.None).ConfigureAwait(false)).Status.ToString();
        }

        var parameters = JsonText.Parse(command.ParametersJson) as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            var done = await actions.RunAsync(action, parameters, Path.Combine(pack.Location, "actions"), executionId: command.ExecutionId, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return done.Status.ToString();
        }
        catch (ActionParameterException ex)
        {
            return (await actions.CompleteAsync(execution, RunnerOutcome.Failure(ex.Message), CancellationToken.None).ConfigureAwait(false)).Status.ToString();
        }
    }
}
