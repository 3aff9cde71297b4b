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
/// The Durable Task Framework's own Azure Storage provider takes about 21 ms per sequential
/// activity on this machine; that is the figure to beat.
/// </summary>
[Config(typeof(Config))]
public class DurableStepBenchmarks
{
    private const int Steps = 20;

    private AzuriteProcess? azurite;
    private LocalDurableEngine engine = null!;
    private int run;

    /// <summary>The backend under the sidecar.</summary>
    [Params("InMemory", "AzureStorage")]
    public string Backend { get; set; } = "InMemory";

    /// <summary>Longest idle wait between Azure Storage queue polls, in milliseconds (the engine's default is 500).</summary>
    [Params(500, 50)]
    public int QueuePollMs { get; set; } = 500;

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
            TaskHubName = "bench" + Environment.ProcessId + "p" + QueuePollMs,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(QueuePollMs),
            Tasks = registry =>
            {
                registry.AddActivityFunc<int, int>("Step", (_, n) => n + 1);
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
        return done.ReadOutputAs<int>();
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
