using Azure.Storage.Queues.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Hosting;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Functions.Tests.Support;

namespace ServerlessFlow.Functions.Tests.Workflows;

/// <summary>
/// The app's workflow functions in process (the Functions host cannot run here): the app's real
/// service composition (with in-memory stores instead of Azure Storage) and the repository's packs;
/// the in-process Durable test host runs the orchestrator and activity function bodies under their
/// function names (what the Functions host's trigger bindings would call), and the app's workflow
/// driver starts orchestrations through the test host's real <see cref="DurableTaskClient"/>.
/// </summary>
public sealed class WorkflowFunctionsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task RunAsync_GivenParameterHoldingSt2kvTemplate_StaysData()
    {
        // Data is never code (README, Security): a given value is not rendered, whatever it holds; StackStorm's live
        // parameters would render it. Defaults that read st2kv are pack text and do render (KeyValueRuleTests).
        await using var world = await FunctionsWorld.StartAsync();
        await world.Get<KeyValueService>().SetAsync("who", "Functions");
        var packs = world.Get<DeployedPacks>();

        ExecutionState execution = await world.Get<ServerlessFlowRuntime>().WithoutDurableClient.Actions.RunAsync(
            packs.Catalog.FindAction("core.echo")!,
            new() { ["message"] = "hi {{ st2kv.system.who }}" },
            Path.Combine(packs.Catalog.FindPack("core")!.Location, "actions"));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("hi {{ st2kv.system.who }}", ((Dictionary<string, object?>)execution.Result!)["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_GreetWorkflowWithDurableClient_StartsOrchestrationAndRunsToSuccess()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState started = await RunGreetAsync(world, "fnwf-1", cts.Token);

        WorkflowOrchestrationResult result = await new WorkflowOrchestrationClient(world.Host.Client).WaitAsync("fnwf-1", cts.Token);
        OrchestrationMetadata? instance = await world.Host.Client.GetInstanceAsync("fnwf-1", cts.Token);
        ExecutionState? stored = await world.Executions.GetAsync("fnwf-1", cts.Token);
        IReadOnlyList<ExecutionState> children = await world.Executions.ListChildrenAsync("fnwf-1", cts.Token);

        Assert.Equal(ExecutionStatus.Running, started.Status);
        Assert.Equal(DurableNames.WorkflowOrchestrator, instance?.Name);
        Assert.True(result.Status == "succeeded", result.ResultJson);
        Assert.Contains("Hello, Functions!", result.ResultJson, StringComparison.Ordinal);
        Assert.Contains("Goodbye, Functions.", result.ResultJson, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, stored?.Status);
        Assert.Equal(["core.echo", "core.echo"], children.Select(c => c.Action));
        Assert.All(children, c => Assert.Equal(ExecutionStatus.Succeeded, c.Status));
    }

    [SkippableFact]
    public async Task RunFromQueueAsync_GreetWebhookInstance_RuleStartsWorkflowThroughDurableClient()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var triggers = world.Get<TriggerDispatcher>();
        TriggerInstanceState instance = await triggers.DispatchAsync(
            "core.st2.webhook",
            new() { ["url"] = "greet", ["body"] = new Dictionary<string, object?> { ["name"] = "Ada" }, ["headers"] = new Dictionary<string, object?>() },
            triggerParameters: new() { ["url"] = "greet" },
            cancellationToken: cts.Token);
        var message = QueuesModelFactory.QueueMessage("m-1", "pop", new TriggerBusMessage(instance.Id, null).ToBinaryData(), dequeueCount: 1);

        string? poison = await ActivatorUtilities.CreateInstance<RuleEvaluationTriggers>(world.Provider)
            .RunFromQueueAsync(message, world.Host.Client, cts.Token);
        var started = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata metadata in world.Host.Client.GetAllInstancesAsync(new OrchestrationQuery()).WithCancellation(cts.Token))
        {
            started.Add(metadata);
        }

        OrchestrationMetadata workflow = Assert.Single(started);
        WorkflowOrchestrationResult result = await new WorkflowOrchestrationClient(world.Host.Client).WaitAsync(workflow.InstanceId, cts.Token);
        ExecutionState? stored = await world.Executions.GetAsync(workflow.InstanceId, cts.Token);

        Assert.Null(poison);
        Assert.Equal(DurableNames.WorkflowOrchestrator, workflow.Name);
        Assert.Equal("examples.greet", stored?.Action);
        Assert.True(result.Status == "succeeded", result.ResultJson);
        Assert.Contains("Hello, Ada!", result.ResultJson, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, stored?.Status);
    }

    [SkippableFact]
    public async Task RunAsync_WorkflowWithoutDurableClient_FailsExecutionNamingTheMissingClient()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await RunGreetAsync(world.Get<ServerlessFlowRuntime>().WithoutDurableClient, world, "fnwf-2", cts.Token);
        OrchestrationMetadata? instance = await world.Host.Client.GetInstanceAsync("fnwf-2", cts.Token);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Contains("without a Durable client", JsonText.Serialize(execution.Result), StringComparison.Ordinal);
        Assert.Null(instance);
    }

    [SkippableFact]
    public async Task OrchestratorFunction_StartedWithoutInput_FailsWithReason()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        string id = await world.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            DurableNames.WorkflowOrchestrator, new StartOrchestrationOptions { InstanceId = "fnwf-3" }, cts.Token);
        OrchestrationMetadata done = await world.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("without a workflow input", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_ActionChainWithDurableClient_EachNodeAnActivityToStackStormsResult()
    {
        await using var world = await FunctionsWorld.StartAsync(FunctionsWorld.St2Packs);
        using var cts = new CancellationTokenSource(HangGuard);
        RuntimeConnection runtime = world.Get<ServerlessFlowRuntime>().Connect(new DurableTaskClientOrchestrations(world.Host.Client));
        var packs = world.Get<DeployedPacks>();

        ExecutionState started = await runtime.Actions.RunAsync(
            packs.Catalog.FindAction("examples.echochain-param")!,
            new() { ["input1"] = "Functions" },
            Path.Combine(packs.Catalog.FindPack("examples")!.Location, "actions"),
            executionId: "fnchain-1",
            cancellationToken: cts.Token);
        WorkflowOrchestrationResult result = await runtime.Workflows.WaitAsync("fnchain-1", cts.Token);
        ExecutionState? stored = await world.Executions.GetAsync("fnchain-1", cts.Token);
        IReadOnlyList<ExecutionState> children = await world.Executions.ListChildrenAsync("fnchain-1", cts.Token);

        Assert.Equal(ExecutionStatus.Running, started.Status);
        Assert.True(result.Status == "succeeded", result.ResultJson);
        Assert.Equal(ExecutionStatus.Succeeded, stored?.Status);
        Assert.Equal("action-chain", stored?.Runner);
        var tasks = (List<object?>)((Dictionary<string, object?>)stored!.Result!)["tasks"]!;
        Assert.Equal(
            ["c1, input Functions", "c2 c1, input Functions", "c3 c2 c1, input Functions"],
            tasks.Select(t => ((Dictionary<string, object?>)((Dictionary<string, object?>)t!)["result"]!)["stdout"]));
        Assert.Equal(["c1", "c2", "c3"], children.Select(c => c.Context.ParentTaskName));
    }

    private static Task<ExecutionState> RunGreetAsync(FunctionsWorld world, string executionId, CancellationToken cancellationToken) =>
        RunGreetAsync(world.Get<ServerlessFlowRuntime>().Connect(new DurableTaskClientOrchestrations(world.Host.Client)), world, executionId, cancellationToken);

    private static Task<ExecutionState> RunGreetAsync(RuntimeConnection runtime, FunctionsWorld world, string executionId, CancellationToken cancellationToken)
    {
        var packs = world.Provider.GetRequiredService<DeployedPacks>();
        ActionSpec greet = packs.Catalog.FindAction("examples.greet") ?? throw new InvalidOperationException("examples.greet is not in the repository's packs.");
        string actionDirectory = Path.Combine(packs.Catalog.FindPack("examples")!.Location, "actions");
        return runtime.Actions.RunAsync(
            greet, new() { ["name"] = "Functions" }, actionDirectory, executionId: executionId, cancellationToken: cancellationToken);
    }
}
