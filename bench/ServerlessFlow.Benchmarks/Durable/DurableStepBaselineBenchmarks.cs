using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DurableTask.AzureStorage;
using DurableTask.Core;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Benchmarks.Durable;

/// <summary>
/// Ours against the Durable Task Framework baseline, in one run under the same machine load: a chain of
/// 20 trivial sequential activities on a private Azurite, run either by plain DurableTask.Core
/// (<see cref="TaskHubWorker"/> + <see cref="TaskHubClient"/> directly over
/// <see cref="AzureStorageOrchestrationService"/>, no sidecar, default settings) or by our
/// <see cref="LocalDurableEngine"/> (gRPC sidecar + worker over the same provider), with the settings
/// that could make a difference varied one at a time.
/// Run: <c>dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- --filter '*DurableStepBaseline*'</c>.
/// </summary>
[Config(typeof(Config))]
public class DurableStepBaselineBenchmarks
{
    private const int Steps = 20;

    /// <summary>Activities signal here when the last step of a chain runs (keyed by instance id).</summary>
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> LastStepRan = new(StringComparer.Ordinal);

    private AzuriteProcess azurite = null!;
    private AzureStorageOrchestrationService? dtfxService;
    private TaskHubWorker? dtfxWorker;
    private TaskHubClient? dtfxClient;
    private LocalDurableEngine? engine;
    private int run;

    /// <summary>
    /// Who runs the chain and with which settings:
    /// <c>DTFx</c> plain DurableTask.Core with default settings (the baseline);
    /// <c>DTFx-1p</c> the same with one partition;
    /// <c>Ours</c> <see cref="LocalDurableEngine"/> with its defaults (4 partitions, extended sessions,
    /// 500 ms longest poll interval, 200 concurrent work items);
    /// <c>Ours-1p</c> one partition; <c>Ours-poll30s</c> 30 s longest poll interval (the DTFx default);
    /// <c>Ours-wi10</c> 10 concurrent work items; <c>Ours-1p-poll30s</c> both.
    /// </summary>
    [Params("DTFx", "DTFx-1p", "Ours", "Ours-1p", "Ours-poll30s", "Ours-wi10", "Ours-1p-poll30s")]
    public string Variant { get; set; } = "DTFx";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        string hub = "base" + Environment.ProcessId + Variant.Replace("-", string.Empty, StringComparison.Ordinal);
        bool onePartition = Variant.Contains("-1p", StringComparison.Ordinal);
        if (Variant.StartsWith("DTFx", StringComparison.Ordinal))
        {
            var settings = new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = hub,
                StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            };
            if (onePartition)
            {
                settings.PartitionCount = 1;
            }

            dtfxService = new AzureStorageOrchestrationService(settings);
            await dtfxService.CreateIfNotExistsAsync();
            dtfxWorker = new TaskHubWorker(dtfxService);
            dtfxWorker.AddTaskOrchestrations(typeof(ChainOrchestration));
            dtfxWorker.AddTaskActivities(typeof(StepActivity));
            await dtfxWorker.StartAsync();
            dtfxClient = new TaskHubClient(dtfxService);
        }
        else
        {
            engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
            {
                Backend = DurableBackendKind.AzureStorage,
                StorageConnectionString = azurite.ConnectionString,
                TaskHubName = hub,
                PartitionCount = onePartition ? 1 : 4,
                MaxQueuePollingInterval = Variant.EndsWith("poll30s", StringComparison.Ordinal) ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(500),
                MaxConcurrentWorkItems = Variant == "Ours-wi10" ? 10 : 200,
                Tasks = registry =>
                {
                    registry.AddActivityFunc<int, int>(nameof(StepActivity), (context, n) => StepActivity.Step(context.InstanceId, n));
                    registry.AddOrchestratorFunc<int, int>(nameof(ChainOrchestration), async (context, count) =>
                    {
                        int n = 0;
                        for (int i = 0; i < count; i++)
                        {
                            n = await context.CallActivityAsync<int>(nameof(StepActivity), n);
                        }

                        return n;
                    });
                },
            });
        }

        // Partition leases are taken in the background after start: run one chain (untimed) so that
        // the measured ones do not wait for them.
        await RunSignalledAsync("warmup").WaitAsync(TimeSpan.FromMinutes(3));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (dtfxWorker is not null)
        {
            await dtfxWorker.StopAsync(isForced: true);
            dtfxWorker.Dispose();
        }

        dtfxService?.Dispose();
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }

    /// <summary>
    /// One sequential activity (of a 20-activity chain), timed from start until the last activity runs
    /// (signalled in process, no status polling competing for Azurite; the final episode is not counted).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public Task SequentialActivity() =>
        RunSignalledAsync("signalled-" + Interlocked.Increment(ref run)).WaitAsync(TimeSpan.FromMinutes(2));

    /// <summary>
    /// The same chain timed until the orchestration is seen completed, by polling its status every 2 ms
    /// backing off to 5 ms (the same loop for both hosts), output checked.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public async Task<int> SequentialActivityToCompletion()
    {
        string id = "polled-" + Interlocked.Increment(ref run);
        int output;
        string status;
        if (dtfxClient is not null)
        {
            var instance = await dtfxClient.CreateOrchestrationInstanceAsync(typeof(ChainOrchestration), id, Steps);
            OrchestrationState state = await PollAsync(
                () => dtfxClient.GetOrchestrationStateAsync(instance),
                s => s is not null && s.OrchestrationStatus is not (OrchestrationStatus.Pending or OrchestrationStatus.Running));
            status = state.OrchestrationStatus.ToString();
            output = int.TryParse(state.Output, out int parsed) ? parsed : -1;
        }
        else
        {
            await engine!.StartOnceAsync(nameof(ChainOrchestration), id, Steps);
            var done = await engine.WaitForCompletionAsync(id, longestPollDelay: TimeSpan.FromMilliseconds(5));
            status = done.OrchestrationStatus.ToString();
            output = LocalDurableEngine.ReadOutput<int>(done);
        }

        // A broken host must not look fast.
        return output == Steps ? output : throw new InvalidOperationException($"{Variant}: chain {id} ended {status} with output {output}.");
    }

    private async Task RunSignalledAsync(string id)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LastStepRan[id] = signal;
        if (dtfxClient is not null)
        {
            await dtfxClient.CreateOrchestrationInstanceAsync(typeof(ChainOrchestration), id, Steps);
        }
        else
        {
            await engine!.StartOnceAsync(nameof(ChainOrchestration), id, Steps);
        }

        await signal.Task;
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var delay = TimeSpan.FromMilliseconds(2);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            T value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The chain did not complete within 2 minutes.");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(5, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>The baseline's orchestration: <c>count</c> sequential calls of <see cref="StepActivity"/>.</summary>
    public sealed class ChainOrchestration : TaskOrchestration<int, int>
    {
        /// <inheritdoc/>
        public override async Task<int> RunTask(OrchestrationContext context, int input)
        {
            ArgumentNullException.ThrowIfNull(context);
            int n = 0;
            for (int i = 0; i < input; i++)
            {
                n = await context.ScheduleTask<int>(typeof(StepActivity), n);
            }

            return n;
        }
    }

    /// <summary>The trivial activity: returns its input plus one and signals the last step of a chain.</summary>
    public sealed class StepActivity : TaskActivity<int, int>
    {
        /// <summary>The step itself, shared by both hosts.</summary>
        public static int Step(string instanceId, int n)
        {
            if (n + 1 == Steps && LastStepRan.TryRemove(instanceId, out TaskCompletionSource? signal))
            {
                signal.TrySetResult();
            }

            return n + 1;
        }

        /// <inheritdoc/>
        protected override int Execute(TaskContext context, int input)
        {
            ArgumentNullException.ThrowIfNull(context);
            return Step(context.OrchestrationInstance.InstanceId, input);
        }
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithInvocationCount(4)
            .WithUnrollFactor(1));
    }
}
