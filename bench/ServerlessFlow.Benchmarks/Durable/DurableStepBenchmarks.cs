using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Benchmarks.Durable;

/// <summary>
/// Cost of one durable workflow step on the local engine: an orchestration that calls 20 trivial
/// activities one after another, timed from start to observed completion, reported per activity.
/// In memory, and on the Azure Storage backend over a private Azurite (what <c>sflow serve</c> uses).
/// <see cref="DurableStepProfile"/> shows where one step's time goes.
/// <see cref="DurableStepBaselineBenchmarks"/> runs the same chain with plain DurableTask.Core in the
/// same run, for a comparison under the same machine load.
/// </summary>
[Config(typeof(Config))]
public class DurableStepBenchmarks
{
    private const int Steps = 20;

    private AzuriteProcess? azurite;
    private LocalDurableEngine engine = null!;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> lastStepRan = new(StringComparer.Ordinal);
    private int run;

    /// <summary>The backend under the sidecar.</summary>
    [Params("InMemory", "AzureStorage")]
    public string Backend { get; set; } = "InMemory";

    /// <summary>
    /// Extended sessions (Azure Storage backend only): the engine keeps an orchestration's history in
    /// memory between episodes (the default since 2026-11-25) or reloads it from the history table.
    /// </summary>
    [Params(true, false)]
    public bool ExtendedSessions { get; set; } = true;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var backend = Enum.Parse<DurableBackendKind>(Backend);
        string? connection = null;
        if (backend == DurableBackendKind.AzureStorage)
        {
            azurite = await AzuriteProcess.StartAsync();
            connection = azurite.ConnectionString;
        }

        engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            Backend = backend,
            StorageConnectionString = connection,
            TaskHubName = "bench" + Environment.ProcessId + (ExtendedSessions ? "s" : "n"),
            ExtendedSessionIdleTimeout = ExtendedSessions ? TimeSpan.FromSeconds(30) : TimeSpan.Zero,
            Tasks = registry =>
            {
                registry.AddActivityFunc<int, int>("Step", (context, n) =>
                {
                    if (n + 1 == Steps && lastStepRan.TryRemove(context.InstanceId, out TaskCompletionSource? signal))
                    {
                        signal.TrySetResult();
                    }

                    return n + 1;
                });
                registry.AddOrchestratorFunc<int, int>("Chain", async (context, count) =>
                {
                    int n = 0;
                    for (int i = 0; i < count; i++)
                    {
                        n = await context.CallActivityAsync<int>("Step", n);
                    }

                    return n;
                });
            },
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await engine.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>One sequential activity (of a 20-activity chain), start to observed completion.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public async Task<int> SequentialActivity()
    {
        string id = "chain-" + Interlocked.Increment(ref run);
        await engine.StartOnceAsync("Chain", id, Steps);
        var done = await engine.WaitForCompletionAsync(id, longestPollDelay: TimeSpan.FromMilliseconds(5));
        int output = LocalDurableEngine.ReadOutput<int>(done);

        // A broken engine must not look fast.
        return output == Steps ? output : throw new InvalidOperationException($"Chain {id} ended {done.OrchestrationStatus} with output {output}.");
    }

    /// <summary>
    /// The same chain, timed from start until its last activity runs (signalled in process), so that
    /// no status polling competes with the steps for Azurite; the orchestration's final episode is not counted.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public async Task SequentialActivityNoPolling()
    {
        string id = "signalled-" + Interlocked.Increment(ref run);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lastStepRan[id] = signal;
        await engine.StartOnceAsync("Chain", id, Steps);
        await signal.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(10)
            .WithInvocationCount(4)
            .WithUnrollFactor(1));
    }
}
