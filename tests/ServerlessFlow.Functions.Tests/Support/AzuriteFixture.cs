using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.Functions.Tests.Support;

/// <summary>One private Azurite for this test project's run (free loopback ports, own data folder),
/// stopped at the end. Without node_modules every Azurite test fails saying to run <c>npm ci</c>.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;
    private Exception? startError;

    public AzuriteProcess Azurite => azurite ?? throw new InvalidOperationException("Azurite could not be started: " + startError?.Message, startError);

    public async Task InitializeAsync()
    {
        try
        {
            azurite = await AzuriteProcess.StartAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
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
}

/// <summary>The xUnit collection sharing one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
