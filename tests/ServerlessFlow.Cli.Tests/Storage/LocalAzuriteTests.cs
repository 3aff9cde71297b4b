using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using ServerlessFlow.Cli.Storage;

namespace ServerlessFlow.Cli.Tests.Storage;

/// <summary>The Azurite that <c>sflow serve</c> starts keeps its data in the folder it is given, across restarts.</summary>
public sealed class LocalAzuriteTests
{
    [Fact]
    public async Task StartAsync_RestartOnSameFolder_KeepsTables()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sflow-local-azurite-" + Guid.NewGuid().ToString("N"));
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        try
        {
            await using (LocalAzurite first = await LocalAzurite.StartAsync(folder, blob, queue, table))
            {
                Assert.True(first.Owned);
                await new TableServiceClient(first.ConnectionString).CreateTableIfNotExistsAsync("kept");
            }

            await using LocalAzurite second = await LocalAzurite.StartAsync(folder, blob, queue, table);
            var names = new List<string>();
            await foreach (var item in new TableServiceClient(second.ConnectionString).QueryAsync())
            {
                names.Add(item.Name);
            }

            Assert.Contains("kept", names);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
