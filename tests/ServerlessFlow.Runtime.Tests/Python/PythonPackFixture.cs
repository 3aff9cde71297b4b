using System.Security.Cryptography;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Python;

/// <summary>The test packs (<c>TestData/packs/pytests</c>, <c>nopip</c>) loaded with a real Python runner: Debian's interpreter,
/// virtual environments in a temporary folder, a warm pool, an in-memory key-value store with secrets.</summary>
public sealed class PythonPackFixture : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-python-tests-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Why Python tests cannot run here, or null.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    public static string PacksDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "packs");

    public PackCatalog Catalog { get; } = PackCatalog.Create(
        new[] { "pytests", "nopip" }.Select(p => PackLoader.Load(new FileSystemPackSource(Path.Combine(PacksDirectory, p), Path.Combine(PacksDirectory, p)))).ToList());

    public InMemoryTriggerInstanceStore TriggerInstances { get; } = new();

    public InMemoryTriggerBus Bus { get; } = new();

    public TriggerDispatcher Triggers { get; private set; } = null!;

    public KeyValueService KeyValues { get; private set; } = null!;

    public PythonWorkerPool Pool { get; private set; } = null!;

    public ActionExecutionService Actions { get; private set; } = null!;

    public InMemoryExecutionStore Executions { get; } = new();

    public PythonOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Triggers = new TriggerDispatcher(TriggerInstances, Bus, TimeProvider.System);
        KeyValues = new KeyValueService(new InMemoryKeyValueStore(), new SecretCipher(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), TimeProvider.System, Triggers);
        Options = new PythonOptions
        {
            VirtualEnvironmentsRoot = Path.Combine(root, "venvs"),
            MaxWorkersPerPack = 2,
            PipArguments = ["--index-url", "http://127.0.0.1:9/simple", "--retries", "0", "--timeout", "5"],
        };
        Pool = new PythonWorkerPool(new PythonEnvironmentBuilder(Options));
        var python = new PythonScriptRunner(
            Pool,
            Catalog.FindPack,
            new PackConfigs(Path.Combine(PacksDirectory, "..", "configs"), KeyValues),
            new PythonHostServices(KeyValues, Triggers));
        Actions = new ActionExecutionService(
            Executions,
            new RunnerRegistry([new NoopRunner(), new BuiltinActionRunner(TimeProvider.System, Triggers, python)]),
            RunnerTypeCatalog.Default,
            TimeProvider.System,
            Triggers,
            keyValues: KeyValues,
            findAction: Catalog.FindAction);
        if (SkipReason is null)
        {
            await KeyValues.SetAsync("pytests_token", "s3cret-token", secret: true);
            await Pool.WarmAsync("pytests", Path.Combine(PacksDirectory, "pytests"), 1);
        }
    }

    public Task<ExecutionState> RunAsync(string actionRef, Dictionary<string, object?> parameters)
    {
        var action = Catalog.FindAction(actionRef) ?? throw new InvalidOperationException("no action " + actionRef);
        return Actions.RunAsync(action, parameters, Path.Combine(Catalog.FindPack(action.Pack)!.Location, "actions"));
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string? FindSkipReason()
    {
        var interpreter = new PythonOptions().Interpreter;
        if (Path.IsPathRooted(interpreter) && !File.Exists(interpreter))
        {
            return $"no Python interpreter at {interpreter} (eng/ci-deps.sh installs Debian's python3 with python3-venv)";
        }

        try
        {
            using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(interpreter, "-c \"import venv, yaml\"") { RedirectStandardError = true });
            probe!.WaitForExit();
            return probe.ExitCode == 0 ? null : $"{interpreter} lacks the venv module or PyYAML (Debian: python3-venv, python3-yaml; see eng/ci-deps.sh)";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"cannot run {interpreter}: {ex.Message}";
        }
    }
}
