using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python.Sensors;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Python;

/// <summary>The Python side of a host, composed once: the venv builder, the warm worker pool, pack configs, the host
/// services pack code calls back into, the <c>python-script</c> runner, and (on demand) the sensor supervisor of
/// <c>sflow serve</c> or the sensor poller of the Functions app. Hosts hand <see cref="Runner"/> to
/// <see cref="Runners.BuiltinActionRunner"/> and dispose this with the host.</summary>
public sealed class PythonRuntime : IAsyncDisposable
{
    private readonly Func<PackCatalog> catalog;
    private readonly TriggerDispatcher? triggers;
    private readonly Action<string, string>? log;

    private PythonRuntime(PythonOptions options, Func<PackCatalog> catalog, PackConfigs configs, KeyValueService? keyValues, TriggerDispatcher? triggers, Action<string, string>? log)
    {
        this.catalog = catalog;
        this.triggers = triggers;
        this.log = log;
        Environments = new PythonEnvironmentBuilder(options);
        Pool = new PythonWorkerPool(Environments, log: log);
        Configs = configs;
        Services = new PythonHostServices(keyValues, triggers, triggerTypeKnown: trigger => catalog().FindTriggerType(trigger) is not null);
        Runner = new PythonScriptRunner(Pool, pack => catalog().FindPack(pack), Configs, Services);
    }

    /// <summary>Builds each pack's virtual environment.</summary>
    public PythonEnvironmentBuilder Environments { get; }

    /// <summary>Warm action workers, per pack.</summary>
    public PythonWorkerPool Pool { get; }

    /// <summary>Pack configurations.</summary>
    public PackConfigs Configs { get; }

    /// <summary>Datastore and dispatch for pack code.</summary>
    public PythonHostServices Services { get; }

    /// <summary>The <c>python-script</c> runner.</summary>
    public PythonScriptRunner Runner { get; }

    /// <summary>The sensor supervisor, once <see cref="StartSensors"/> was called.</summary>
    public PythonSensorSupervisor? Sensors { get; private set; }

    /// <summary>Composes the Python side for <paramref name="catalog"/>: the host's pack <paramref name="configs"/>, the
    /// datastore <paramref name="keyValues"/>, dispatch through <paramref name="triggers"/>; <paramref name="log"/> hears
    /// (worker or sensor, line).</summary>
    public static PythonRuntime Create(PythonOptions options, PackCatalog catalog, PackConfigs configs, KeyValueService? keyValues, TriggerDispatcher? triggers, Action<string, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Create(options, () => catalog, configs, keyValues, triggers, log);
    }

    /// <summary>Composes the Python side over whatever packs <paramref name="catalog"/> says are loaded at each use (they change
    /// when packs are installed or reloaded; see <see cref="ReloadAsync"/>).</summary>
    public static PythonRuntime Create(PythonOptions options, Func<PackCatalog> catalog, PackConfigs configs, KeyValueService? keyValues, TriggerDispatcher? triggers, Action<string, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configs);
        return new(options, catalog, configs, keyValues, triggers, log);
    }

    /// <summary>Follows a pack install or reload: warm workers of <paramref name="changedPacks"/> (changed or removed) are
    /// retired and supervised sensors follow the packs loaded now.</summary>
    public async Task ReloadAsync(IReadOnlyCollection<string> changedPacks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changedPacks);
        foreach (var pack in changedPacks)
        {
            await Pool.RetireAsync(pack).ConfigureAwait(false);
        }

        if (Sensors is not null)
        {
            await Sensors.ReloadAsync(catalog(), changedPacks).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts supervising every enabled sensor (<c>sflow serve</c>).</summary>
    public PythonSensorSupervisor StartSensors(SensorSupervisorOptions? options = null, TimeProvider? time = null)
    {
        Sensors ??= new PythonSensorSupervisor(catalog(), Environments, Configs, Services, triggers, options, time, log);
        Sensors.Start();
        return Sensors;
    }

    /// <summary>A poller that calls polling sensors' <c>poll()</c> on demand (the Functions app's Timer function).</summary>
    public PythonSensorPoller CreatePoller() => new(catalog, Environments, Configs, Services, log);

    /// <summary>Stops sensors and workers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Sensors is not null)
        {
            await Sensors.DisposeAsync().ConfigureAwait(false);
        }

        await Pool.DisposeAsync().ConfigureAwait(false);
    }
}
