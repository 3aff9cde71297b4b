using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>The end-to-end behaviours of <see cref="ServeEndToEndTests"/> on in-memory stores and the in-memory Durable backend.</summary>
public sealed class ServeEndToEndMemoryTests : ServeEndToEndTests
{
    internal override Task<ServeHost> StartAsync(string packs, TimeProvider? time = null) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        Time = time ?? TimeProvider.System,
        RunTimerLoop = false,
    });
}
