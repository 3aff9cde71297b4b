using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Benchmarks;

/// <summary>Record writes and reads through the Table Storage adapters on a private Azurite, next to raw Azure.Data.Tables
/// inserts as the baseline. Batched methods write 100 records per invocation (OperationsPerInvoke = 100), so every row of the
/// report is per record: records/s = 1 s / Mean.
/// Run: <c>npm ci &amp;&amp; dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- --filter '*Storage*'</c>.</summary>
[Config(typeof(Settings))]
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int Batch = 100;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private AzuriteProcess azurite = null!;
    private TableStorageStores stores = null!;
    private TableClient raw = null!;
    private long counter;
    private string readId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        stores = await TableStorageStores.CreateAsync(azurite.ConnectionString, "bench");
        raw = new TableServiceClient(azurite.ConnectionString).GetTableClient("benchRaw");
        await raw.CreateIfNotExistsAsync();
        readId = "read-target";
        await stores.Executions.CreateAsync(Execution(readId));
        await stores.Executions.CreateManyAsync(Enumerable.Range(0, 200).Select(i => Execution("seed" + i)).ToList());
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await azurite.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw table insert (1 entity)")]
    public async Task RawInsertSingle() =>
        await raw.AddEntityAsync(new TableEntity("p", Next()) { ["Json"] = new string('x', 600) });

    [Benchmark(OperationsPerInvoke = Batch, Description = "raw table insert (batch of 100, per entity)")]
    public async Task RawInsertBatch()
    {
        var partition = Next();
        await raw.SubmitTransactionAsync(Enumerable.Range(0, Batch)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)) { ["Json"] = new string('x', 600) })));
    }

    [Benchmark(Description = "trigger instance create (1)")]
    public async Task TriggerInstanceCreate() => await stores.TriggerInstances.CreateAsync(Instance(Next()));

    [Benchmark(OperationsPerInvoke = Batch, Description = "trigger instance create (batch of 100, per record)")]
    public async Task TriggerInstanceCreateMany() =>
        await stores.TriggerInstances.CreateManyAsync(Enumerable.Range(0, Batch).Select(_ => Instance(Next())).ToList());

    [Benchmark(Description = "execution create (1)")]
    public async Task ExecutionCreate() => await stores.Executions.CreateAsync(Execution(Next()));

    [Benchmark(OperationsPerInvoke = Batch, Description = "execution create (batch of 100, per record)")]
    public async Task ExecutionCreateMany() =>
        await stores.Executions.CreateManyAsync(Enumerable.Range(0, Batch).Select(_ => Execution(Next())).ToList());

    [Benchmark(Description = "execution get by id")]
    public async Task<ExecutionState?> ExecutionGet() => await stores.Executions.GetAsync(readId);

    [Benchmark(OperationsPerInvoke = 50, Description = "execution list page of 50 (per record)")]
    public async Task<int> ExecutionListPage() => (await stores.Executions.ListAsync(new ExecutionQuery { Limit = 50, Action = "core.echo" })).Items.Count;

    private string Next() => "r" + Interlocked.Increment(ref counter).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    private static TriggerInstanceState Instance(string id) => new()
    {
        Id = id,
        Trigger = "core.st2.webhook",
        OccurrenceTime = T0,
        Payload = new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["msg"] = new string('x', 500) } },
    };

    private static ExecutionState Execution(string id) =>
        ExecutionState.Create(id, "core.echo", "local-shell-cmd", new Dictionary<string, object?> { ["message"] = new string('x', 500) }, new ExecutionContextState(), T0);

    private sealed class Settings : ManualConfig
    {
        public Settings()
        {
            // In-process and short: the numbers are throughput on Azurite, which has far more variance than these settings hide.
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Throughput)
                .WithWarmupCount(2)
                .WithIterationCount(8)
                .WithInvocationCount(64)
                .WithUnrollFactor(1));
        }
    }
}
