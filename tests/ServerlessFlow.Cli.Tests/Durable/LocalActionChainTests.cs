using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// StackStorm's example ActionChains run end to end on the local Durable engine (in memory): each node a real action
/// execution recorded under the chain, sub-workflows as sub-orchestrations, pause and cancel between nodes. Expected
/// results are StackStorm's (st2's runner semantics, see golden/cases.yaml in the Core tests; the node outputs are what
/// the shell prints).
/// </summary>
public sealed class LocalActionChainTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private static readonly Lazy<PackCatalog> St2Packs = new(() =>
    {
        var (sources, _) = PackFolders.Find([RepositoryPaths.St2Packs]);
        return PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
    });

    private readonly string tempFile = Path.GetTempFileName();

    public void Dispose() => File.Delete(tempFile);

    [SkippableFact]
    public async Task RunAsync_EchochainParam_EachNodeReadsTheOneBefore()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.echochain-param", new() { ["input1"] = "hello" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var result = (Dictionary<string, object?>)execution.Result!;
        var tasks = ((List<object?>)result["tasks"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(["c1", "c2", "c3"], tasks.Select(t => (string)t["name"]!));
        Assert.Equal(["c1, input hello", "c2 c1, input hello", "c3 c2 c1, input hello"], tasks.Select(t => ((Dictionary<string, object?>)t["result"]!)["stdout"]));
        Assert.All(tasks, t => Assert.Equal("succeeded", t["state"]));
        Assert.Equal(new Dictionary<string, object?>(), result["published"]);

        // Each node is an execution of its own under the chain, and the chain's task entries name them.
        IReadOnlyList<ExecutionState> children = await host.Executions.ListChildrenAsync(execution.Id, cts.Token);
        Assert.Equal(["c1", "c2", "c3"], children.Select(c => c.Context.ParentTaskName));
        Assert.All(children, c => Assert.Equal("core.local", c.Action));
        Assert.Equal(children.Select(c => (object?)c.Id), tasks.Select(t => t["execution_id"]));
        Assert.Equal("action-chain", (await host.Executions.GetAsync(execution.Id, cts.Token))!.Runner);
    }

    [SkippableFact]
    public async Task RunAsync_ChainSequential_PublishesTheGreeting()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.chain-sequential", new() { ["name"] = "Thanos" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var result = (Dictionary<string, object?>)execution.Result!;
        Assert.Equal("""{"greeting":"Thanos, All your base are belong to us!"}""", JsonText.Serialize(result["published"]));
    }

    [SkippableFact]
    public async Task RunAsync_EchochainTaskFailure_FailsBeforeAnyNodeAsStackStormDoes()
    {
        // st2's own example names a node c4 that its chain lacks: StackStorm's runner refuses it in pre_run.
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.echochain_task_failure", [], cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("""{"error":"Unable to find node with name \"c4\" referenced in \"on-failure\" in task \"c1\"."}""", JsonText.Serialize(execution.Result));
        Assert.Empty(await host.Executions.ListChildrenAsync(execution.Id, cts.Token));
    }

    [SkippableFact]
    public async Task RunAsync_RegexFilter_RenderedValuesReachTheShellAsText()
    {
        // StackStorm splices "<redacted>" into the command, where bash reads it as a redirection; here the value reaches the
        // shell as a variable and is echoed.
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.regex_jinja_filter", [], cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var tasks = ((List<object?>)((Dictionary<string, object?>)execution.Result!)["tasks"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(
            ["False", "Your address is <redacted>. My address is <redacted>.", "True", "567 Elsewhere Dr", "123 Somewhere Ave"],
            tasks.Select(t => ((Dictionary<string, object?>)t["result"]!)["stdout"]));
    }

    [SkippableFact]
    public async Task SignalAsync_PauseWhileFirstNodeRuns_PausedAfterItThenResumeRunsTheRest()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        string id = await StartChainAsync(host, "examples.chain-test-pause-resume", cts.Token);
        await WaitForRunningChildAsync(host, id, cts.Token);

        await host.Workflows.SignalAsync(id, WorkflowControlSignal.Pause, cts.Token);
        await WaitForStatusAsync(host, id, ExecutionStatus.Pausing, cts.Token);
        File.Delete(tempFile);
        await WaitForStatusAsync(host, id, ExecutionStatus.Paused, cts.Token);
        Assert.Single(await host.Executions.ListChildrenAsync(id, cts.Token));

        await host.Workflows.SignalAsync(id, WorkflowControlSignal.Resume, cts.Token);
        WorkflowOrchestrationResult done = await host.Workflows.WaitAsync(id, cts.Token);

        Assert.Equal("succeeded", done.Status);
        var tasks = (List<object?>)((Dictionary<string, object?>)(await host.Executions.GetAsync(id, cts.Token))!.Result!)["tasks"]!;
        Assert.Equal(2, tasks.Count);
        Assert.Equal("foobar", ((Dictionary<string, object?>)((Dictionary<string, object?>)tasks[1]!)["result"]!)["stdout"]);
    }

    [SkippableFact]
    public async Task SignalAsync_CancelWhileFirstNodeRuns_CanceledAfterItWithOneTask()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        string id = await StartChainAsync(host, "examples.chain-test-cancel", cts.Token);
        await WaitForRunningChildAsync(host, id, cts.Token);

        await host.Workflows.SignalAsync(id, WorkflowControlSignal.Cancel, cts.Token);
        await WaitForStatusAsync(host, id, ExecutionStatus.Canceling, cts.Token);
        File.Delete(tempFile);
        WorkflowOrchestrationResult done = await host.Workflows.WaitAsync(id, cts.Token);

        Assert.Equal("canceled", done.Status);
        ExecutionState stored = (await host.Executions.GetAsync(id, cts.Token))!;
        Assert.Equal(ExecutionStatus.Canceled, stored.Status);
        var task = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)stored.Result!)["tasks"]!)!;
        Assert.Equal("succeeded", task["state"]);
    }

    [SkippableFact]
    public async Task SignalAsync_CancelChainWhoseNodeIsAnOrquestaWorkflow_CancelReachesTheSubWorkflow()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        string id = await StartChainAsync(host, "examples.chain-test-cancel-with-subworkflow", cts.Token);
        ExecutionState child = await WaitForRunningChildAsync(host, id, cts.Token);
        Assert.Equal("orquesta", child.Runner);
        await WaitForRunningChildAsync(host, child.Id, cts.Token);

        await host.Workflows.SignalAsync(id, WorkflowControlSignal.Cancel, cts.Token);
        await WaitForStatusAsync(host, child.Id, ExecutionStatus.Canceling, cts.Token);
        File.Delete(tempFile);
        WorkflowOrchestrationResult done = await host.Workflows.WaitAsync(id, cts.Token);

        Assert.Equal("canceled", done.Status);
        Assert.Equal(ExecutionStatus.Canceled, (await host.Executions.GetAsync(child.Id, cts.Token))!.Status);
        var task = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)(await host.Executions.GetAsync(id, cts.Token))!.Result!)["tasks"]!)!;
        Assert.Equal("canceled", task["state"]);
    }

    [SkippableFact]
    public async Task RunAsync_ChainWhoseNodeIsAChain_RunsTheSubChainAsAChildWorkflow()
    {
        File.Delete(tempFile);
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync(
            "examples.chain-test-pause-resume-with-subchain", new() { ["tempfile"] = tempFile, ["message"] = "hi" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        ExecutionState subChain = Assert.Single(await host.Executions.ListChildrenAsync(execution.Id, cts.Token), c => c.Action == "examples.chain-test-pause-resume");
        Assert.Equal("action-chain", subChain.Runner);
        Assert.Equal(ExecutionStatus.Succeeded, subChain.Status);
        var tasks = ((List<object?>)((Dictionary<string, object?>)execution.Result!)["tasks"]!).Cast<Dictionary<string, object?>>().ToList();
        var subTasks = (List<object?>)((Dictionary<string, object?>)tasks[0]["result"]!)["tasks"]!;
        Assert.Equal(2, subTasks.Count);
        Assert.Equal("foobar", ((Dictionary<string, object?>)tasks[1]["result"]!)["stdout"]);
    }

    private async Task<string> StartChainAsync(LocalWorkflowHost host, string actionRef, CancellationToken cancellationToken)
    {
        ExecutionState started = await host.Actions.RunAsync(
            host.Catalog.FindAction(actionRef)!,
            new() { ["tempfile"] = tempFile, ["message"] = "foobar" },
            "/nonexistent",
            cancellationToken: cancellationToken);
        return started.Id;
    }

    private static async Task<ExecutionState> WaitForRunningChildAsync(LocalWorkflowHost host, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (ExecutionState child in await host.Executions.ListChildrenAsync(id, cancellationToken))
            {
                if (child.Status == ExecutionStatus.Running)
                {
                    return child;
                }
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task WaitForStatusAsync(LocalWorkflowHost host, string id, ExecutionStatus status, CancellationToken cancellationToken)
    {
        while ((await host.Executions.GetAsync(id, cancellationToken))?.Status != status)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private static Task<LocalWorkflowHost> StartAsync() =>
        LocalWorkflowHost.StartAsync(St2Packs.Value, new LocalDurableEngineOptions());
}
