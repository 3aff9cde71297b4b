using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.Azure.Tests.Support;

/// <summary>One private Azurite per test run (free loopback ports, own data folder), stopped at the end. When node_modules is
/// missing, every Azurite test fails with the message saying to run <c>npm ci</c>.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;
    private Exception? startError;
    private int next;

    public AzuriteProcess Azurite => azurite ?? throw new InvalidOperationException("Azurite could not be started: " + startError?.Message, startError);

    public async Task InitializeAsync()
    {
        try
        {
            azurite = await AzuriteProcess.StartAsync();
        }
        catch (InvalidOperationException ex)
        {
            startError = ex;
        }
        catch (TimeoutException ex)
        {
            startError = ex;
        }
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>Stores under a fresh table prefix, so tests never see each other's rows.</summary>
    public Task<TableStorageStores> NewStoresAsync() =>
        TableStorageStores.CreateAsync(Azurite.ConnectionString, "t" + Interlocked.Increment(ref next) + Guid.NewGuid().ToString("N")[..8]);
}

/// <summary>The xUnit collection sharing one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
