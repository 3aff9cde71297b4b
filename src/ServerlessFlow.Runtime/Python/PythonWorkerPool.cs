using System.Collections.Concurrent;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// Warm Python workers, a pool per pack: a run takes an idle worker of its pack (or starts one, up to
/// <see cref="PythonOptions.MaxWorkersPerPack"/>, building the pack's virtual environment first), and gives it back when
/// the run ends cleanly. A worker that timed out, was canceled or broke is killed, never reused. Idle workers older than
/// <see cref="PythonOptions.IdleTimeout"/> are stopped.
/// </summary>
public sealed class PythonWorkerPool : IAsyncDisposable
{
    private readonly PythonEnvironmentBuilder environments;
    private readonly TimeProvider time;
    private readonly Action<string, string>? log;
    private readonly ConcurrentDictionary<string, PackPool> pools = new(StringComparer.Ordinal);
    private bool disposed;

    /// <summary>Creates a pool; <paramref name="log"/> receives (worker name, stderr line) for output outside runs.</summary>
    public PythonWorkerPool(PythonEnvironmentBuilder environments, TimeProvider? time = null, Action<string, string>? log = null)
    {
        this.environments = environments;
        this.time = time ?? TimeProvider.System;
        this.log = log;
    }

    /// <summary>The options of the pool's environment builder.</summary>
    public PythonOptions Options => environments.Options;

    /// <summary>Workers started since the pool was created (cold starts).</summary>
    public int Started => pools.Values.Sum(p => p.Started);

    /// <summary>Runs <paramref name="use"/> with a warm worker of <paramref name="pack"/>. When it returns true the worker
    /// goes back to the pool; false (or an exception, or cancellation) kills it.</summary>
    public async Task<T> UseAsync<T>(string pack, string packDirectory, IPythonRequestHandler handler, Func<PythonWorker, Task<(T Result, bool Reusable)>> use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(use);
        ObjectDisposedException.ThrowIf(disposed, this);
        var pool = pools.GetOrAdd(pack, _ => new PackPool(Options.MaxWorkersPerPack));
        await pool.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        PythonWorker? worker = null;
        var reusable = false;
        var generation = 0;
        try
        {
            generation = Volatile.Read(ref pool.Generation);
            worker = await TakeIdleAsync(pool).ConfigureAwait(false);
            if (worker is null)
            {
                var environment = await environments.EnsureAsync(pack, packDirectory, cancellationToken).ConfigureAwait(false);
                var name = "pack " + pack;
                worker = await PythonWorker.StartAsync(
                    new PythonWorkerStart { Name = name, PackDirectory = packDirectory, Environment = environment, StandardError = line => log?.Invoke(name, line) },
                    Options,
                    cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref pool.Started);
            }

            worker.Handler = handler;
            var (result, keep) = await use(worker).ConfigureAwait(false);
            reusable = keep && worker.IsAlive;
            return result;
        }
        finally
        {
            if (worker is not null)
            {
                worker.Handler = null;
                if (reusable && !disposed && generation == Volatile.Read(ref pool.Generation))
                {
                    worker.IdleSince = time.GetUtcNow();
                    pool.Idle.Push(worker);
                }
                else
                {
                    worker.Kill();
                    _ = worker.DisposeAsync().AsTask();
                }
            }

            pool.Slots.Release();
        }
    }

    /// <summary>Starts idle workers for <paramref name="pack"/> until it has <paramref name="count"/> (a warm-up, e.g. at host start).</summary>
    public async Task WarmAsync(string pack, string packDirectory, int count, CancellationToken cancellationToken = default)
    {
        var pool = pools.GetOrAdd(pack, _ => new PackPool(Options.MaxWorkersPerPack));
        var environment = await environments.EnsureAsync(pack, packDirectory, cancellationToken).ConfigureAwait(false);
        while (pool.Idle.Count < Math.Min(count, Options.MaxWorkersPerPack))
        {
            var name = "pack " + pack;
            var worker = await PythonWorker.StartAsync(
                new PythonWorkerStart { Name = name, PackDirectory = packDirectory, Environment = environment, StandardError = line => log?.Invoke(name, line) },
                Options,
                cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref pool.Started);
            worker.IdleSince = time.GetUtcNow();
            pool.Idle.Push(worker);
        }
    }

    /// <summary>Stops the idle workers of <paramref name="pack"/>, and those now running for it once their run ends: after a
    /// pack install or reload, its next run starts a worker over the new code (library modules included).</summary>
    public async Task RetireAsync(string pack)
    {
        if (!pools.TryGetValue(pack, out var pool))
        {
            return;
        }

        Interlocked.Increment(ref pool.Generation);
        var stopping = new List<Task>();
        while (pool.Idle.TryPop(out var worker))
        {
            stopping.Add(worker.DisposeAsync().AsTask());
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    /// <summary>Stops every worker.</summary>
    public async ValueTask DisposeAsync()
    {
        disposed = true;
        var stopping = new List<Task>();
        foreach (var pool in pools.Values)
        {
            while (pool.Idle.TryPop(out var worker))
            {
                stopping.Add(worker.DisposeAsync().AsTask());
            }
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private async Task<PythonWorker?> TakeIdleAsync(PackPool pool)
    {
        var now = time.GetUtcNow();
        while (pool.Idle.TryPop(out var worker))
        {
            if (worker.IsAlive && now - worker.IdleSince < Options.IdleTimeout)
            {
                return worker;
            }

            await worker.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    private sealed class PackPool(int size)
    {
        public readonly SemaphoreSlim Slots = new(size, size);
        public readonly ConcurrentStack<PythonWorker> Idle = new();
        public int Started;
        public int Generation;
    }
}
