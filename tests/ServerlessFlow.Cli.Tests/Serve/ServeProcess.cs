using System.Diagnostics;
using System.Text;
using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>A child <c>sflow serve</c> process (the built sflow.dll under this test's dotnet), for tests that kill it.</summary>
internal sealed class ServeProcess : IDisposable
{
    // Hang guard only: start-up loads the packs and creates the task hub on a possibly busy machine.
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(120);
    private const string ListeningMarker = "listening on ";

    private readonly Process process;
    private readonly StringBuilder output;

    private ServeProcess(Process process, StringBuilder output, string url, string apiKey)
    {
        this.process = process;
        this.output = output;
        Url = url;
        ApiKey = apiKey;
    }

    /// <summary>The address the server reported it listens on.</summary>
    public string Url { get; }

    /// <summary>The API key the server generated on its first run in the working directory (and reuses on later runs there).</summary>
    public string ApiKey { get; }

    /// <summary>The process id of <c>sflow serve</c>.</summary>
    public int ProcessId => process.Id;

    /// <summary>Everything the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <c>sflow serve</c> on a free loopback port, on the given storage, and waits until it listens.</summary>
    public static Task<ServeProcess> StartAsync(string packs, string storageConnectionString, string workingDirectory) =>
        StartAsync([packs], storageConnectionString, workingDirectory);

    /// <summary>Starts <c>sflow serve</c> over several pack folders.</summary>
    public static Task<ServeProcess> StartAsync(IReadOnlyList<string> packs, string storageConnectionString, string workingDirectory) =>
        StartAsync(packs, storageConnectionString, workingDirectory, new Dictionary<string, string>());

    /// <summary>Starts <c>sflow serve</c> over several pack folders with extra environment variables (e.g. the datastore key).</summary>
    public static async Task<ServeProcess> StartAsync(
        IReadOnlyList<string> packs, string storageConnectionString, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (string argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "sflow.dll"), "serve",
            "--urls", "http://127.0.0.1:0", "--storage", "azurite",
        }.Concat(packs.SelectMany(p => new[] { "--packs", p })))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ServeCommand.StorageConnectionVariable] = storageConnectionString;
        // The server makes its own key in the working directory, whatever the test runner's environment holds.
        foreach (var inherited in new[] { "SFLOW_API_KEY", "SFLOW_WEBHOOK_AUTH", "SFLOW_ALLOWED_HOSTS" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            int at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(line[(at + ListeningMarker.Length)..].Split(' ')[0]);
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("sflow serve exited before listening."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var url = await listening.Task.WaitAsync(StartGuard);
            var key = (await File.ReadAllTextAsync(Path.Combine(workingDirectory, ".azurite", "sflow-serve", "api-key"))).Trim();
            return new ServeProcess(process, output, url, key);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Stop(process);
            string written;
            lock (output)
            {
                written = output.ToString();
            }

            throw new InvalidOperationException($"sflow serve did not start: {e.Message}\n{written}", e);
        }
    }

    /// <summary>Kills the process at once (no graceful stop: what <c>kill -9</c> does) and waits until it has gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Sends SIGKILL to <c>sflow serve</c> alone (not its children, as a crash or the OOM killer would) and waits until
    /// it has gone.</summary>
    public async Task KillServerOnlyAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM (what Ctrl+C or a service manager does) and waits until the server has stopped cleanly.</summary>
    public async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Kills the process if it still runs, so that no test leaves one behind.</summary>
    public void Dispose() => Stop(process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }

        process.Dispose();
    }

    /// <summary>The dotnet host running this test (tests run as <c>dotnet testhost.dll</c>), or the one on the path.</summary>
    internal static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
