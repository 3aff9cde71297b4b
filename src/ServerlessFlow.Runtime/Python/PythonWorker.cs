using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// One Python worker process (<c>python -m sflow_worker</c> in a pack's virtual environment) and the host's side of its
/// protocol (<c>docs/python-worker-protocol.md</c>): JSON lines on the worker's stdin and stdout, host requests answered by
/// id, worker requests (datastore, dispatch) answered by the <see cref="IPythonRequestHandler"/>. Stderr is read line by
/// line; its last lines go into error messages.
/// </summary>
public sealed class PythonWorker : IAsyncDisposable
{
    private const int RecentLines = 40;
    private readonly Process process;
    private readonly PythonWorkerStart start;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Dictionary<string, object?>>> pending = new(StringComparer.Ordinal);
    private readonly Queue<string> recentStderr = new();
    private readonly TaskCompletionSource<Dictionary<string, object?>> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextId;
    private Task? readOut;
    private Task? readErr;

    private PythonWorker(Process process, PythonWorkerStart start)
    {
        this.process = process;
        this.start = start;
    }

    /// <summary>The worker's process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>What the worker said when it started (protocol version, Python version, executable).</summary>
    public IReadOnlyDictionary<string, object?> Ready { get; private set; } = new Dictionary<string, object?>();

    /// <summary>Completes when the worker process has exited and its output has been read.</summary>
    public Task Exited => exited.Task;

    /// <summary>True while the process runs.</summary>
    public bool IsAlive => !exited.Task.IsCompleted;

    /// <summary>The exit code once exited.</summary>
    public int? ExitCode => exited.Task.IsCompleted ? process.ExitCode : null;

    /// <summary>When the worker was last handed back idle (the pool's bookkeeping).</summary>
    internal DateTimeOffset IdleSince { get; set; }

    /// <summary>Who answers this worker's requests; the pool sets it for each run.</summary>
    internal IPythonRequestHandler? Handler { get; set; }

    /// <summary>The last lines the worker wrote to stderr.</summary>
    public string RecentStandardError
    {
        get
        {
            lock (recentStderr)
            {
                return string.Join('\n', recentStderr);
            }
        }
    }

    /// <summary>Starts a worker and waits until it says it is ready.</summary>
    public static async Task<PythonWorker> StartAsync(PythonWorkerStart start, PythonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        var info = new ProcessStartInfo(start.Environment.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = start.PackDirectory,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in (string[])["-u", "-m", "sflow_worker"])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var hidden in ShellProcess.HiddenVariables)
        {
            info.Environment.Remove(hidden);
        }

        // StackStorm's order: the pack's actions/lib (and, with common libs, its lib) after the sandbox; our package first
        // so st2common and st2reactor resolve to the pack API this worker provides.
        info.Environment["PYTHONPATH"] = string.Join(':', Path.GetFullPath(options.WorkerDirectory), Path.Combine(start.PackDirectory, "actions", "lib"), Path.Combine(start.PackDirectory, "lib"));
        info.Environment["PATH"] = Path.Combine(start.Environment.Directory, "bin") + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment.Remove("PYTHONHOME");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new PythonWorkerException($"Cannot start the Python worker for {start.Name} with '{start.Environment.Python}': {ex.Message}", ex);
        }

        var worker = new PythonWorker(process, start) { Handler = start.Handler };
        worker.readOut = Task.Run(worker.ReadOutputAsync, CancellationToken.None);
        worker.readErr = Task.Run(worker.ReadErrorAsync, CancellationToken.None);
        _ = Task.Run(worker.WatchExitAsync, CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        try
        {
            var first = await worker.ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            worker.Ready = first;
            return worker;
        }
        catch (Exception ex) when (ex is OperationCanceledException or PythonWorkerException)
        {
            worker.Kill();
            await worker.Exited.ConfigureAwait(false);
            var why = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"did not say it was ready within {options.StartTimeout.TotalSeconds:0} s"
                : ex.Message;
            await worker.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new PythonWorkerException($"The Python worker for {start.Name} failed to start: {why}. Its stderr: {Indent(worker.RecentStandardError)}");
        }
    }

    /// <summary>Sends a request and waits for its answer. Throws <see cref="PythonWorkerException"/> when the worker exits
    /// first; cancellation abandons the wait (the caller should then kill the worker).</summary>
    public async Task<PythonAnswer> CallAsync(string op, Dictionary<string, object?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var id = "h" + Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<Dictionary<string, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        try
        {
            var message = new Dictionary<string, object?>(fields, StringComparer.Ordinal) { ["op"] = op, ["id"] = id };
            await SendAsync(message, cancellationToken).ConfigureAwait(false);
            var done = await Task.WhenAny(answer.Task, Exited).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (done != answer.Task)
            {
                throw new PythonWorkerException($"The Python worker for {start.Name} exited with code {process.ExitCode} while handling '{op}'. Its stderr: {Indent(RecentStandardError)}");
            }

            var result = await answer.Task.ConfigureAwait(false);
            return new PythonAnswer(result.GetValueOrDefault("value"), result.GetValueOrDefault("error") as Dictionary<string, object?>);
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a message that has no answer (<c>shutdown</c>).</summary>
    public async Task SendAsync(Dictionary<string, object?> message, CancellationToken cancellationToken)
    {
        var line = JsonText.Serialize(message) + "\n";
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await process.StandardInput.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new PythonWorkerException($"The Python worker for {start.Name} is gone: {ex.Message}. Its stderr: {Indent(RecentStandardError)}", ex);
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Kills the worker and every process it started.</summary>
    public void Kill()
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

    /// <summary>Closes the worker's stdin (it exits on its own), then kills it if it is still there after a grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            await writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                process.StandardInput.Close();
            }
            finally
            {
                writeLock.Release();
            }
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            Kill();
        }

        await Exited.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (IsAlive)
        {
            await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        process.Dispose();
        writeLock.Dispose();
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (!JsonText.TryParse(line, out var parsed, out var error) || parsed is not Dictionary<string, object?> message)
                {
                    Remember($"[sflow] protocol line is not a JSON object ({error}); stopping the worker");
                    Kill();
                    ready.TrySetException(new PythonWorkerException("it wrote something that is not a protocol message"));
                    return;
                }

                switch (message.GetValueOrDefault("op"))
                {
                    case "ready":
                        ready.TrySetResult(message);
                        break;
                    case "result":
                        if (message.GetValueOrDefault("id") is string id && pending.TryGetValue(id, out var waiter))
                        {
                            waiter.TrySetResult(message);
                        }

                        break;
                    default:
                        _ = Task.Run(() => AnswerAsync(message));
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke: the process is going away; WatchExitAsync reports it.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading.
        }
    }

    private async Task AnswerAsync(Dictionary<string, object?> request)
    {
        var id = request.GetValueOrDefault("id") as string;
        object? value = null;
        Dictionary<string, object?>? error = null;
        var handler = Handler;
        try
        {
            if (handler is null)
            {
                throw new PythonRequestException("refused", $"this host does not answer '{request.GetValueOrDefault("op")}' requests");
            }

            value = await handler.HandleAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonRequestException ex)
        {
            error = new Dictionary<string, object?>(StringComparer.Ordinal) { ["kind"] = ex.Kind, ["message"] = ex.Message };
        }
#pragma warning disable CA1031 // Any failure answering pack code goes back to it as an error answer; the worker must not hang.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = new Dictionary<string, object?>(StringComparer.Ordinal) { ["kind"] = "error", ["message"] = $"{ex.GetType().Name}: {ex.Message}" };
        }

        var answer = new Dictionary<string, object?>(StringComparer.Ordinal) { ["op"] = "result", ["id"] = id, ["value"] = value };
        if (error is not null)
        {
            answer["error"] = error;
        }

        try
        {
            await SendAsync(answer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonWorkerException)
        {
            // The worker went away; nobody is waiting for the answer.
        }
    }

    private async Task ReadErrorAsync()
    {
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Remember(line);
                start.StandardError?.Invoke(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is going away.
        }
    }

    private void Remember(string line)
    {
        lock (recentStderr)
        {
            recentStderr.Enqueue(line.Length > 2000 ? line[..2000] + "…" : line);
            while (recentStderr.Count > RecentLines)
            {
                recentStderr.Dequeue();
            }
        }
    }

    private async Task WatchExitAsync()
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (readOut is not null && readErr is not null)
        {
            // A grandchild may hold the pipes open; do not wait for it long.
            await Task.WhenAny(Task.WhenAll(readOut, readErr), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        ready.TrySetException(new PythonWorkerException($"it exited with code {process.ExitCode}"));
        exited.TrySetResult();
    }

    private static string Indent(string text) => text.Length == 0 ? "(empty)" : "\n  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
