using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>An Orquesta workflow on the durable backend (Azure Storage on a real Azurite), as <c>sflow serve</c> will run it.</summary>
public sealed class AzureStorageWorkflowHostTests : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly AzuriteFixture azurite;

    public AzureStorageWorkflowHostTests(AzuriteFixture azurite) => this.azurite = azurite;

    [SkippableFact]
    public async Task RunAsync_OrquestaSequentialOnAzurite_OutputsStackStormsGreeting()
    {
        var (sources, _) = PackFolders.Find([RepositoryPaths.St2Packs]);
        PackCatalog catalog = PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
        await using LocalWorkflowHost host = await LocalWorkflowHost.StartAsync(catalog, new LocalDurableEngineOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = "wf" + Guid.NewGuid().ToString("N")[..12],
        });
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState execution = await host.RunAsync("examples.orquesta-sequential", new() { ["name"] = "Thanos" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"output":{"greeting":"Thanos, All your base are belong to us!"}}""", JsonText.Serialize(execution.Result));
    }
}
