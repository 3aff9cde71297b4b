using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Benchmarks.Python;

/// <summary>A Python action (st2's own <c>examples.isprime</c>, unmodified) through the python-script runner: the warm round
/// trip (a worker of the pack is idle in the pool) and the cold start (a new worker process: interpreter start-up, the
/// worker package, the action module). StackStorm pays about 1 s per Python action (a new wrapper process each time).
/// Needs Debian's python3 with python3-venv and the examples pack's requirements (eng/ci-deps.sh).</summary>
[MemoryDiagnoser]
public class PythonActionBenchmarks
{
    private readonly string venvs = Path.Combine(Path.GetTempPath(), "sflow-bench-venvs");
    private PythonWorkerPool pool = null!;
    private PythonScriptRunner runner = null!;
    private PythonOptions options = null!;
    private PackSpec pack = null!;
    private PythonEnvironment environment = null!;
    private ActionRunRequest request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRepository();
        var folder = Path.Combine(root, "tests", "TestData", "third_party", "st2-examples", "examples");
        var catalog = PackCatalog.Create([PackLoader.Load(new FileSystemPackSource(folder, folder))]);
        pack = catalog.FindPack("examples")!;
        options = new PythonOptions { VirtualEnvironmentsRoot = venvs, WorkerDirectory = Path.Combine(root, "python"), MaxWorkersPerPack = 1 };
        var builder = new PythonEnvironmentBuilder(options);
        environment = builder.EnsureAsync(pack.Ref, pack.Location).GetAwaiter().GetResult();
        pool = new PythonWorkerPool(builder);
        var triggers = new TriggerDispatcher(new InMemoryTriggerInstanceStore(), new InMemoryTriggerBus(), TimeProvider.System);
        var keyValues = new KeyValueService(new InMemoryKeyValueStore(), null, TimeProvider.System, triggers);
        runner = new PythonScriptRunner(pool, catalog.FindPack, new PackConfigs(null, keyValues), new PythonHostServices(keyValues, triggers));
        request = new ActionRunRequest
        {
            ExecutionId = "bench",
            ActionRef = "examples.isprime",
            ActionParameters = new(StringComparer.Ordinal) { ["value"] = 7919L },
            RunnerParameters = new(StringComparer.Ordinal) { ["log_level"] = "INFO" },
            EntryPointPath = Path.Combine(pack.Location, "actions", "pythonactions", "isprime.py"),
        };
        if (WarmRoundTrip().GetAwaiter().GetResult() != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("examples.isprime did not succeed in the benchmark set-up");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One run on a warm worker: protocol round trip, module load of the action file, run, result.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ExecutionStatus> WarmRoundTrip() => (await runner.RunAsync(request, CancellationToken.None)).Status;

    /// <summary>A new worker process (venv already built), one run, then the worker stops.</summary>
    [Benchmark]
    public async Task<bool> ColdStart()
    {
        await using var worker = await PythonWorker.StartAsync(
            new PythonWorkerStart { Name = "bench", PackDirectory = pack.Location, Environment = environment }, options);
        var answer = await worker.CallAsync("run_action", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action"] = request.ActionRef,
            ["pack"] = pack.Ref,
            ["file"] = request.EntryPointPath,
            ["parameters"] = request.ActionParameters,
            ["log_level"] = "INFO",
        }, CancellationToken.None);
        return answer.Error is null;
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("ServerlessFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
