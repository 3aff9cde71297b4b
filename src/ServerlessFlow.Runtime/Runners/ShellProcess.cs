using System.Diagnostics;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>Runs a child process with an argument vector (never a shell string built from values), its own environment and
/// working directory, bounded output capture, and a timeout that kills the whole process tree.</summary>
public static class ShellProcess
{
    /// <summary>Default bytes kept per stream (1 MiB).</summary>
    public const int DefaultCaptureLimit = 1 << 20;

    /// <summary>Host environment variables never passed on to an action.</summary>
    public static IReadOnlyList<string> HiddenVariables { get; } = ["SFLOW_DATASTORE_KEY", "SFLOW_SSH_PRIVATE_KEY", "SFLOW_SSH_PASSPHRASE", "SFLOW_SMTP_PASSWORD"];

    /// <summary>Exit code StackStorm reports for an action killed on timeout (-SIGKILL).</summary>
    public const int TimeoutExitCode = -9;

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> (writing <c>standardInput</c>, if any, then
    /// closing it); throws <see cref="InvalidOperationException"/>
    /// with the reason when the process cannot be started (missing file, bad cwd).</summary>
    public static async Task<ShellProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        TimeProvider time,
        int captureLimit = DefaultCaptureLimit,
        CancellationToken cancellationToken = default,
        string? standardInput = null)
    {
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
        {
            throw new InvalidOperationException($"Working directory '{workingDirectory}' does not exist.");
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The host's own secrets (the datastore key) are inherited by default; an action must never see them.
        foreach (var hidden in HiddenVariables)
        {
            startInfo.Environment.Remove(hidden);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{fileName}': {ex.Message}", ex);
        }

        // Standard input is closed at once (after the given text, e.g. a sudo password) so an interactive command cannot hang.
        if (standardInput is not null)
        {
            try
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The process exited or closed its input before reading it; its exit code tells the rest.
            }
        }

        process.StandardInput.Close();
        var stdout = new BoundedOutputCapture(captureLimit);
        var stderr = new BoundedOutputCapture(captureLimit);
        using var deadline = timeout > TimeSpan.Zero ? new CancellationTokenSource(timeout, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);

        // Output is read with CancellationToken.None: after a kill the pipes close and the reads end on their own.
        var readOut = stdout.ReadToEndAsync(process.StandardOutput.BaseStream, CancellationToken.None);
        var readErr = stderr.ReadToEndAsync(process.StandardError.BaseStream, CancellationToken.None);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = deadline.IsCancellationRequested;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // A grandchild may keep the pipes open after the child exits; do not wait on it forever.
        var reads = Task.WhenAll(readOut, readErr);
        if (await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None)).ConfigureAwait(false) != reads)
        {
            KillTree(process);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = timedOut ? TimeoutExitCode : process.ExitCode;
        return new ShellProcessResult(exitCode, stdout.Text(), stderr.Text(), timedOut);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
