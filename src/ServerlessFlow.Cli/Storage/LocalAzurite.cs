using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServerlessFlow.Cli.Storage;

/// <summary>
/// The Azurite that <c>sflow serve</c> keeps its durable state in: one already listening on the
/// default ports, or a child process on them with a data folder that outlives the process (so a
/// restart finds its workflows). Tests use <c>ServerlessFlow.Azure.Storage.AzuriteProcess</c>
/// instead (free ports, throw-away folder).
/// </summary>
internal sealed class LocalAzurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string DevelopmentAccount = "devstoreaccount1";

    private readonly Process? process;

    private LocalAzurite(Process? process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; }

    /// <summary>True when this object started the process (and so stops it on dispose).</summary>
    public bool Owned => process is not null;

    /// <summary>The connection string for all three services.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The development-account connection string for Azurite on these loopback ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevelopmentAccount};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevelopmentAccount};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevelopmentAccount};");

    /// <summary>
    /// Uses an Azurite already listening on the default ports (10000–10002) if there is one,
    /// otherwise starts one on them with <paramref name="dataFolder"/>.
    /// </summary>
    public static async Task<LocalAzurite> UseOrStartDefaultAsync(string dataFolder, CancellationToken cancellationToken = default)
    {
        if (await IsListeningAsync(10000, cancellationToken).ConfigureAwait(false)
            && await IsListeningAsync(10001, cancellationToken).ConfigureAwait(false)
            && await IsListeningAsync(10002, cancellationToken).ConfigureAwait(false))
        {
            return new LocalAzurite(null, 10000, 10001, 10002);
        }

        return await StartAsync(dataFolder, 10000, 10001, 10002, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts Azurite on the given ports and waits until all three accept connections.</summary>
    public static async Task<LocalAzurite> StartAsync(string dataFolder, int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken = default)
    {
        string executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "Azurite was not found. Run `npm ci` in the repository root (package.json pins it), " +
                "or set SFLOW_AZURITE to the azurite executable.");
        Directory.CreateDirectory(dataFolder);

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose",
            "--location", dataFolder,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var azurite = new LocalAzurite(process, blobPort, queuePort, tablePort);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            foreach (int port in new[] { blobPort, queuePort, tablePort })
            {
                while (!await IsListeningAsync(port, startup.Token).ConfigureAwait(false))
                {
                    if (process.HasExited)
                    {
                        string errors;
                        lock (stderr)
                        {
                            errors = stderr.ToString().Trim();
                        }

                        throw new InvalidOperationException(
                            $"Azurite exited with code {process.ExitCode} before listening on port {port}: {errors}");
                    }

                    await Task.Delay(50, startup.Token).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return azurite;
    }

    /// <summary>Stops the process if this object started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                // Ask first: Azurite writes its tables and queues to the data folder when it shuts
                // down; killed outright, it loses what it had not saved yet.
                await AskToStopAsync(process).ConfigureAwait(false);
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }

        process.Dispose();
    }

    private static async Task AskToStopAsync(Process azurite)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var terminate = new ProcessStartInfo("kill") { UseShellExecute = false };
        terminate.ArgumentList.Add("-TERM");
        terminate.ArgumentList.Add(azurite.Id.ToString(CultureInfo.InvariantCulture));
        using (Process? kill = Process.Start(terminate))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await azurite.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // It did not stop in time; the caller kills it.
        }
    }

    /// <summary>
    /// The azurite executable: SFLOW_AZURITE, else node_modules/.bin/azurite in the current folder,
    /// the program's folder or any folder above them, else null.
    /// </summary>
    internal static string? FindExecutable()
    {
        string? configured = Environment.GetEnvironmentVariable("SFLOW_AZURITE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (string origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? folder = new(origin); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
