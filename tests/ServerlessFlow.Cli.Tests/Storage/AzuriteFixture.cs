using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.Cli.Tests.Storage;

/// <summary>One Azurite on free loopback ports with a throw-away data folder, shared by a test class.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    /// <summary>The running emulator's connection string.</summary>
    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <inheritdoc/>
    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
