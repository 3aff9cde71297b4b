using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>StackStorm's example workflows run end to end on the local Durable engine (in memory).</summary>
public sealed class LocalWorkflowHostTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private static readonly Lazy<PackCatalog> St2Packs = new(() =>
    {
        var (sources, _) = PackFolders.Find([RepositoryPaths.St2Packs]);
        return PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
    });

    [SkippableFact]
    public async Task RunAsync_OrquestaSequential_OutputsStackStormsGreeting()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.orquesta-sequential", new() { ["name"] = "Thanos" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"output":{"greeting":"Thanos, All your base are belong to us!"}}""", JsonText.Serialize(execution.Result));
        IReadOnlyList<ExecutionState> tasks = await host.Executions.ListChildrenAsync(execution.Id, cts.Token);
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("core.echo", t.Action));
    }

    [SkippableTheory]
    [InlineData("examples.orquesta-join", "succeeded", """{"output":{"messages":["Fee fi fo fum","I smell the blood of an English man","Be alive, or be he dead","I'll grind his bones to make my bread"]}}""")]
    [InlineData("examples.orquesta-test-action-less-tasks", "succeeded", """{"output":{"greeting":"LAKSHMI, ALL YOUR BASE ARE BELONG TO US!"}}""")]
    [InlineData("examples.orquesta-delay", "succeeded", """{"output":{"greeting":"Lakshmi, All your base are belong to us!"}}""", "delay", 1L)]
    [InlineData("examples.orquesta-data-flow", "succeeded", """{"output":{"a5":"x","b5":"x"}}""", "a1", "x")]
    public async Task RunAsync_ExampleWorkflow_ReachesStackStormsResult(string actionRef, string status, string resultJson, string? parameter = null, object? value = null)
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameter is not null)
        {
            parameters[parameter] = value;
        }

        ExecutionState execution = await host.RunAsync(actionRef, parameters, cancellationToken: cts.Token);

        Assert.Equal(status, execution.Status.ToApiName());
        Assert.Equal(resultJson, JsonText.Serialize(execution.Result));
    }

    [SkippableFact]
    public async Task RunAsync_SubWorkflow_RunsChildWithItsDefaultsAsChildExecution()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.orquesta-subworkflow", [], cancellationToken: cts.Token);
        IReadOnlyList<ExecutionState> children = await host.Executions.ListChildrenAsync(execution.Id, cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        ExecutionState child = Assert.Single(children, c => c.Action == "examples.orquesta-sequential");
        Assert.Equal(ExecutionStatus.Succeeded, child.Status);
        Assert.Equal("""{"output":{"greeting":"Lakshmi, All your base are belong to us!"}}""", JsonText.Serialize(child.Result));
    }

    [SkippableFact]
    public async Task RunAsync_InputThatFailsToRender_FailsWithTheExpressionError()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.orquesta-fail-input-rendering", [], cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Contains("abs(8).value", JsonText.Serialize(execution.Result), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SignalAsync_CancelWhileFirstTaskWaitsOnHourLongDelay_WorkflowCanceledAndTaskRecordedCanceledNeverRun()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        ActionSpec action = host.Catalog.FindAction("examples.orquesta-delay")!;

        // Started, not waited for: the first task waits on a one-hour durable timer.
        await host.Actions.RunAsync(
            action, new() { ["name"] = "Lakshmi", ["delay"] = 3600L }, "/nonexistent", executionId: "delayed-cancel", cancellationToken: cts.Token);
        while ((await host.Workflows.GetAsync("delayed-cancel", cts.Token))?.CustomStatus is null)
        {
            await Task.Delay(10, cts.Token);
        }

        await host.Workflows.SignalAsync("delayed-cancel", Runtime.Durable.WorkflowControlSignal.Cancel, cts.Token);
        var result = await host.Workflows.WaitAsync("delayed-cancel", cts.Token);
        ExecutionState? stored = await host.Executions.GetAsync("delayed-cancel", cts.Token);

        Assert.Equal("canceled", result.Status);
        Assert.Equal(ExecutionStatus.Canceled, stored?.Status);
        // The delayed task never ran; its execution is recorded canceled, as StackStorm records it.
        ExecutionState task1 = Assert.Single(await host.Executions.ListChildrenAsync("delayed-cancel", cts.Token));
        Assert.Equal("task1", task1.Context.ParentTaskName);
        Assert.Equal("core.echo", task1.Action);
        Assert.Equal(ExecutionStatus.Canceled, task1.Status);
        Assert.Equal("Lakshmi", task1.Parameters["message"]);
    }

    [SkippableFact]
    public async Task RunAsync_St2kvExamples_ReadKeyValueStoreInYaqlAndJinjaWithDecryptAndDefault()
    {
        await using LocalWorkflowHost host = await LocalWorkflowHost.StartAsync(
            St2Packs.Value, new LocalDurableEngineOptions(), datastoreCipher: new SecretCipher(SecretCipher.GenerateKey()));
        await host.Runtime.KeyValues.SetAsync("greeting", "hello there");
        await host.Runtime.KeyValues.SetAsync("password", "s3cret", secret: true);
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState plain = await host.RunAsync("examples.orquesta-st2kv", new() { ["key_name"] = "system.greeting" }, cancellationToken: cts.Token);
        ExecutionState secret = await host.RunAsync(
            "examples.orquesta-st2kv", new() { ["key_name"] = "system.password", ["decrypt"] = true }, cancellationToken: cts.Token);
        ExecutionState found = await host.RunAsync("examples.orquesta-st2kv-default", new() { ["key_name"] = "system.greeting" }, cancellationToken: cts.Token);
        ExecutionState defaulted = await host.RunAsync(
            "examples.orquesta-st2kv-default", new() { ["key_name"] = "system.nothing", ["default"] = "fallback" }, cancellationToken: cts.Token);
        ExecutionState missing = await host.RunAsync("examples.orquesta-st2kv", new() { ["key_name"] = "system.nothing" }, cancellationToken: cts.Token);

        Assert.Equal("""{"output":{"value":"hello there"}}""", JsonText.Serialize(plain.Result));
        Assert.Equal("""{"output":{"value":"s3cret"}}""", JsonText.Serialize(secret.Result));
        Assert.Equal("""{"output":{"value_from_yaql":"hello there","value_from_jinja":"hello there"}}""", JsonText.Serialize(found.Result));
        Assert.Equal("""{"output":{"value_from_yaql":"fallback","value_from_jinja":"fallback"}}""", JsonText.Serialize(defaulted.Result));
        Assert.Equal(ExecutionStatus.Failed, missing.Status);
        string error = JsonText.Serialize(missing.Result);
        Assert.Contains("system.nothing", error, StringComparison.Ordinal);
        Assert.Contains("does not exist in the datastore", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_UnknownAction_FailsClearly()
    {
        await using LocalWorkflowHost host = await StartAsync();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync("examples.nope", []));

        Assert.Contains("examples.nope", error.Message, StringComparison.Ordinal);
    }

    private static Task<LocalWorkflowHost> StartAsync() =>
        LocalWorkflowHost.StartAsync(St2Packs.Value, new LocalDurableEngineOptions());
}
