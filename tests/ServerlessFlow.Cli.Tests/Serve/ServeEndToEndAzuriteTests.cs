using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>The end-to-end behaviours of <see cref="ServeEndToEndTests"/> on a real Azurite: records in Table Storage, workflows on
/// the Durable Azure Storage backend. One Azurite per class; each test gets its own task hub and table prefix.</summary>
public sealed class ServeEndToEndAzuriteTests(AzuriteFixture azurite) : ServeEndToEndTests, IClassFixture<AzuriteFixture>
{
    internal override Task<ServeHost> StartAsync(string packs, TimeProvider? time = null)
    {
        var hub = "e" + Guid.NewGuid().ToString("N")[..12];
        return ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [packs],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Azurite,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = hub,
            TablePrefix = hub,
            Time = time ?? TimeProvider.System,
            RunTimerLoop = false,
        });
    }
}
