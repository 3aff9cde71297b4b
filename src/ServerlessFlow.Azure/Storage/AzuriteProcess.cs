using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServerlessFlow.Azure.Storage;

/// <summary>A private Azurite (the Azure Storage emulator, from the repository's pinned npm package) on free loopback ports
/// with its own data folder: what tests, benchmarks and the local host use instead of a real storage account.</summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft and shipped in Azurite itself; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private AzuriteProcess(Process process, string dataFolder, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        DataFolder = dataFolder;
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");
    }

    /// <summary>The connection string for this instance (explicit endpoints, never UseDevelopmentStorage).</summary>
    public string ConnectionString { get; }

    /// <summary>Where this instance keeps its data.</summary>
    public string DataFolder { get; }

    /// <summary>Finds <c>node_modules/azurite</c> above <paramref name="searchFrom"/>; throws with "run npm ci" when it is missing.</summary>
    public static string FindAzuriteScript(string searchFrom)
    {
        for (var dir = new DirectoryInfo(searchFrom); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(script))
                {
                    return script;
                }

                throw new InvalidOperationException(
                    $"Azurite is not installed: '{script}' is missing. Run `npm ci` in {dir.FullName} (the repository root) first.");
            }
        }

        throw new InvalidOperationException($"No package.json found above '{searchFrom}': run `npm ci` in the repository root so Azurite is installed.");
    }

    /// <summary>Starts Azurite and waits (up to three minutes) until its three endpoints accept connections.</summary>
    public static async Task<AzuriteProcess> StartAsync(string? searchFrom = null, CancellationToken cancellationToken = default)
    {
        var script = FindAzuriteScript(searchFrom ?? AppContext.BaseDirectory);
        var dataFolder = Directory.CreateTempSubdirectory("sflow-azurite-").FullName;
        var ports = FreePorts(3);
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            script, "--silent", "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--location", dataFolder,
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start Azurite with node ({ex.Message}). Is Node.js installed?", ex);
        }

        // Drain output so a chatty Azurite never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var azurite = new AzuriteProcess(process, dataFolder, ports[0], ports[1], ports[2]);
        // Node takes seconds to start Azurite on a quiet machine and well over a minute on a loaded 2-core one.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await AcceptsAsync(ports, cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited)
            {
                var error = await stderr.ConfigureAwait(false);
                await azurite.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it was ready: {error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException("Azurite did not open its ports within three minutes.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return azurite;
    }

    /// <summary>Stops Azurite as Ctrl+C would (SIGTERM, so it writes its databases to the data folder, which stays until
    /// <see cref="DisposeAsync"/>); kills it when it has not stopped within a minute.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(guard.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops Azurite (the whole process tree) and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }

    private static async Task<bool> AcceptsAsync(List<int> ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}
