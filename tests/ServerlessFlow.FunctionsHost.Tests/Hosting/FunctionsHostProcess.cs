using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>
/// One real Azure Functions host (<c>../shared/functions-host/start</c>) running the app built in Release, on a free loopback
/// port, with its console output in a log file. <see cref="StartAsync"/> returns once the app answers its API (the host has
/// indexed the functions and the worker is up). <see cref="KillAsync"/> kills the host and its worker at once, as a crash
/// would; nothing is stopped gracefully, because nothing in Azure guarantees that either.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    /// <summary>How long a host may take to answer after start on a loaded machine (it usually takes 10–15 s).</summary>
    public static readonly TimeSpan DefaultReadyCeiling = TimeSpan.FromMinutes(4);

    // Variables of the machine or the test runner that would change what the host does; the host gets only the options'.
    private static readonly string[] InheritedPrefixesToDrop = ["SFLOW_", "AzureWebJobs", "AzureFunctionsJobHost", "AzureFunctionsWebHost", "FUNCTIONS_", "WEBSITE_", "APPLICATIONINSIGHTS_"];

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logGate = new();
    private bool logClosed;

    private FunctionsHostProcess(string name, FunctionsHostOptions options, Process process, StreamWriter log, string logPath, int port)
    {
        Name = name;
        Options = options;
        this.process = process;
        this.log = log;
        LogPath = logPath;
        Port = port;
        BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
    }

    /// <summary>A name for this host in messages and log file names.</summary>
    public string Name { get; }

    /// <summary>What the host was started with.</summary>
    public FunctionsHostOptions Options { get; }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The host's console output (stdout and stderr), one line per line with the time it was read.</summary>
    public string LogPath { get; }

    /// <summary>When the process was started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the app first answered.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>Whether the process (the host) has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts a host on <paramref name="options"/> and waits until the app answers <c>GET /api/v1/actions</c>.</summary>
    public static async Task<FunctionsHostProcess> StartAsync(FunctionsHostOptions options, string name, TimeSpan? readyCeiling = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (HostPaths.UnavailableReason() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        if (!File.Exists(Path.Combine(HostPaths.FunctionsApp, "functions.metadata")))
        {
            throw new InvalidOperationException($"The app is not built in Release: '{HostPaths.FunctionsApp}functions.metadata' is missing (build this test project).");
        }

        Directory.CreateDirectory(options.StateFolder);
        var port = FreePort();
        var logPath = Path.Combine(options.StateFolder, $"{name}-{DateTime.UtcNow:HHmmss}-{port}.log");
        var startInfo = new ProcessStartInfo(HostPaths.StartScript)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { HostPaths.FunctionsApp, port.ToString(CultureInfo.InvariantCulture), options.StorageConnectionString, options.StateFolder })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var variable in startInfo.Environment.Keys.ToList())
        {
            if (InheritedPrefixesToDrop.Any(prefix => variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(variable);
            }
        }

        foreach (var (setting, value) in options.AppSettings())
        {
            startInfo.Environment[setting] = value;
        }

        var writer = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new FunctionsHostProcess(name, options, process, writer, logPath, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host.StartedAt = DateTimeOffset.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(readyCeiling ?? DefaultReadyCeiling).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>The log as it is now.</summary>
    public string LogText()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The last <paramref name="lines"/> lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 150)
    {
        var all = LogText().Split('\n');
        return $"--- last {Math.Min(lines, all.Length)} lines of {LogPath} ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>How many log lines contain <paramref name="fragment"/> (e.g. <c>Executed 'Functions.TimerSensor' (Succeeded</c>).</summary>
    public int CountLogLines(string fragment) => LogText().Split('\n').Count(line => line.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Kills the host and its worker at once (SIGKILL to the process tree) and waits until they are gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            process.Kill(entireProcessTree: true);
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(guard.Token).ConfigureAwait(false);
            Append($"=== {Name} killed by the test ===");
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        process.Dispose();
        lock (logGate)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan ceiling)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTimeOffset.UtcNow + ceiling;
        string last = "no answer yet";
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host '{Name}' exited with code {process.ExitCode} before the app answered.\n{LogTail()}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/actions?limit=1");
                request.Headers.Add("St2-Api-Key", Options.ApiKey);
                using var response = await http.SendAsync(request).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ReadyAt = DateTimeOffset.UtcNow;
                    Append($"=== {Name} answered after {(ReadyAt - StartedAt).TotalSeconds:F1} s ===");
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The Functions host '{Name}' did not answer GET /api/v1/actions within {ceiling.TotalSeconds:F0} s (last: {last}).\n{LogTail()}");
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            if (!logClosed)
            {
                log.Write(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture));
                log.WriteLine(line);
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
