using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.Testing;

/// <summary>
/// One private Azurite (free loopback ports, its own data folder) for a test class or collection, stopped at the end. When it
/// cannot start (no <c>node_modules</c>: run <c>npm ci</c>), every test that uses it fails with the reason.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;
    private Exception? startError;
    private int next;

    /// <summary>The running emulator.</summary>
    public AzuriteProcess Azurite => azurite ?? throw new InvalidOperationException("Azurite could not be started: " + startError?.Message, startError);

    /// <summary>The running emulator's connection string.</summary>
    public string ConnectionString => Azurite.ConnectionString;

    /// <inheritdoc/>
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

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>Stores under a fresh table prefix, so tests never see each other's rows.</summary>
    public Task<TableStorageStores> NewStoresAsync() =>
        TableStorageStores.CreateAsync(ConnectionString, "t" + Interlocked.Increment(ref next) + Guid.NewGuid().ToString("N")[..8]);
}
