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

    /// <summary>The environment variable that sets <see cref="MaxConcurrent"/>.</summary>
    public const string MaxConcurrentVariable = "SFLOW_MAX_LOCAL_PROCESSES";

    // One bound for the whole process: a with-items task over 1,000 items (or 1,000 webhooks at once) waits its turn here
    // instead of starting 1,000 shells. The wait does not count against an action's timeout.
    // (Static initialisers run in text order: the bound is read before the semaphore is made from it.)
    private static readonly int Bound =
        int.TryParse(Environment.GetEnvironmentVariable(MaxConcurrentVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var configured) && configured > 0
            ? configured
            : Math.Max(4, Environment.ProcessorCount * 8);

    private static readonly SemaphoreSlim Slots = new(Bound, Bound);

    /// <summary>Most local action processes running at once in this process (<c>SFLOW_MAX_LOCAL_PROCESSES</c>, default eight
    /// per processor, at least 4).</summary>
    public static int MaxConcurrent => Bound;

    /// <summary>How many local action processes run now (for tests and diagnostics).</summary>
    public static int Running => MaxConcurrent - Slots.CurrentCount;

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
        await Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunBoundedAsync(fileName, arguments, workingDirectory, environment, timeout, time, captureLimit, standardInput, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Slots.Release();
        }
    }

    private static async Task<ShellProcessResult> RunBoundedAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        TimeProvider time,
        int captureLimit,
        string? standardInput,
        CancellationToken cancellationToken)
    {
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
        {
            throw new InvalidOperationException($"Working directory '{workingDirectory}' does not exist.");
        }

        var supervised = SessionTool is not null;
        var startInfo = new ProcessStartInfo(supervised ? SessionTool! : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            // The watchdog counts the given input in bytes: UTF-8, no byte order mark.
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (supervised)
        {
            // setsid --wait /bin/sh -c WATCHDOG sflow-action FILE ARGS…: the action runs in a process group of its own, and the
            // watchdog kills that whole group when its standard input (a pipe only this host holds) closes, i.e. when the host
            // dies, even by kill -9. The action itself reads /dev/null, or the given input (sudo's password) and then its end.
            // --wait: should setsid have to fork (it does when already a group leader), it still ends only with the action.
            startInfo.ArgumentList.Add("--wait");
            startInfo.ArgumentList.Add("/bin/sh");
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(standardInput is null ? Watchdog : WatchdogWithInput);
            startInfo.ArgumentList.Add("sflow-action");
            startInfo.ArgumentList.Add(fileName);
        }

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

        // Standard input: the given text (e.g. a sudo password) is all the action reads before its input ends, so an interactive
        // command cannot hang. Unsupervised, the pipe is closed after it; supervised, the watchdog reads it (after a line with
        // its length in bytes) and hands it on, and the pipe stays open as the watchdog's lifeline until the action has ended.
        if (standardInput is not null)
        {
            var given = supervised
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{System.Text.Encoding.UTF8.GetByteCount(standardInput)}\n{standardInput}")
                : standardInput;
            try
            {
                await process.StandardInput.WriteAsync(given.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The process exited or closed its input before reading it; its exit code tells the rest.
            }
        }

        if (!supervised)
        {
            process.StandardInput.Close();
        }

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

        if (supervised)
        {
            CloseQuietly(process.StandardInput);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = timedOut ? TimeoutExitCode : process.ExitCode;
        return new ShellProcessResult(exitCode, stdout.Text(), stderr.Text(), timedOut);
    }

    // The watchdog (POSIX sh): fd 3 keeps the lifeline, the action runs without it, and a reader waiting for the lifeline's
    // end kills the process group (0: this session's group, which setsid made) when it comes before the action ends.
    private const string Watchdog = """
        exec 3<&0 0</dev/null
        ( while IFS= read -r _ <&3; do :; done; kill -KILL 0 ) >/dev/null 2>&1 &
        watcher=$!
        "$@" 3<&- &
        child=$!
        wait "$child"
        status=$?
        kill -KILL "$watcher" 2>/dev/null
        exit "$status"
        """;

    // The same with given input: a first line says how many bytes follow; they are read before the lifeline is watched (so the
    // watcher never takes them) and piped to the action, whose input then ends. The printf is the shell's builtin, so the
    // input (a password) never appears in a command line. Command substitution drops trailing newlines: the x keeps them.
    private const string WatchdogWithInput = """
        exec 3<&0 0</dev/null
        IFS= read -r size <&3
        given=$(head -c "$size" <&3; printf x)
        given=${given%x}
        ( while IFS= read -r _ <&3; do :; done; kill -KILL 0 ) >/dev/null 2>&1 &
        watcher=$!
        printf '%s' "$given" | "$@" 3<&- &
        child=$!
        given=
        wait "$child"
        status=$?
        kill -KILL "$watcher" 2>/dev/null
        exit "$status"
        """;

    /// <summary>The <c>setsid</c> program that starts each action in a session (and process group) of its own, or null where
    /// there is none (Windows; then actions run unsupervised and a crashed host leaves them running).</summary>
    private static string? SessionTool { get; } =
        OperatingSystem.IsWindows() ? null
        : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private static void CloseQuietly(StreamWriter input)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // The watchdog has gone already.
        }
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
