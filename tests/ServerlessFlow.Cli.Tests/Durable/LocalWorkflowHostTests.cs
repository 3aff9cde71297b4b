using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

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

    [Fact]
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

    [Fact]
    public async Task RunAsync_UnknownAction_FailsClearly()
    {
        await using LocalWorkflowHost host = await StartAsync();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync("examples.nope", []));

        Assert.Contains("examples.nope", error.Message, StringComparison.Ordinal);
    }

    private static Task<LocalWorkflowHost> StartAsync() =>
        LocalWorkflowHost.StartAsync(St2Packs.Value, new LocalDurableEngineOptions());
}
