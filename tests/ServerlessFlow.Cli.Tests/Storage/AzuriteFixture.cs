using ServerlessFlow.Cli.Storage;

namespace ServerlessFlow.Cli.Tests.Storage;

/// <summary>One Azurite on free loopback ports with a temporary data folder, shared by a test class.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "sflow-azurite-" + Guid.NewGuid().ToString("N"));
    private AzuriteProcess? azurite;

    /// <summary>The running emulator's connection string.</summary>
    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartOnFreePortsAsync(dataFolder);

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }
}
