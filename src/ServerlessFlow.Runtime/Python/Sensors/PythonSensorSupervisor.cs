using System.Collections.Concurrent;
using System.Globalization;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Python.Sensors;

/// <summary>
/// <c>sflow serve</c>'s sensor container: each enabled Python sensor runs as its own worker process (its <c>run()</c>, so
/// a <c>PollingSensor</c> polls on its own <c>poll_interval</c> as in StackStorm), supervised: when it dies it is started
/// again after an exponential back-off, for as long as the host runs. Its state is kept for the API
/// (<see cref="States"/>). Dispatches go through the host's trigger dispatcher, so payloads are validated and become
/// trigger instances like any webhook's; a refused dispatch is logged naming the sensor. Like StackStorm it emits
/// <c>core.st2.sensor.process_spawn</c> and <c>core.st2.sensor.process_exit</c>. A sensor can be enabled or disabled while
/// the host runs (<see cref="SetEnabledAsync"/>, StackStorm's <c>PUT /sensortypes</c>): disabling stops its process (its
/// <c>cleanup()</c> runs), enabling starts it; the change lasts as long as the host, or until its pack is installed or
/// reloaded again (<see cref="ReloadAsync"/>: the packs' files say again).
/// </summary>
public sealed class PythonSensorSupervisor : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> enabled = new(StringComparer.Ordinal);
    private readonly PythonEnvironmentBuilder environments;
    private readonly PackConfigs configs;
    private readonly PythonHostServices services;
    private readonly TriggerDispatcher? triggers;
    private readonly SensorSupervisorOptions options;
    private readonly TimeProvider time;
    private readonly Action<string, string>? log;
    private readonly ConcurrentDictionary<string, SensorProcessState> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PythonWorker> running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, Supervised> loops = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changing = new(1, 1);
    private IReadOnlyDictionary<string, (SensorSpec Sensor, PackSpec Pack)> sensors;
    private bool started;

    /// <summary>Creates the supervisor for the sensors of <paramref name="catalog"/> (those enabled there run once started). <paramref name="log"/> hears
    /// (sensor ref, line) for sensor output and supervisor events.</summary>
    public PythonSensorSupervisor(
        PackCatalog catalog,
        PythonEnvironmentBuilder environments,
        PackConfigs configs,
        PythonHostServices services,
        TriggerDispatcher? triggers,
        SensorSupervisorOptions? options = null,
        TimeProvider? time = null,
        Action<string, string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        sensors = SensorsOf(catalog);
        this.environments = environments;
        this.configs = configs;
        this.services = services;
        this.triggers = triggers;
        this.options = options ?? new SensorSupervisorOptions();
        this.time = time ?? TimeProvider.System;
        this.log = log;
        foreach (var (sensor, _) in sensors.Values)
        {
            enabled[sensor.Ref] = sensor.Enabled;
            states[sensor.Ref] = new SensorProcessState { Ref = sensor.Ref, Status = sensor.Enabled ? "starting" : "disabled" };
        }
    }

    /// <summary>The state of each sensor the packs declare, by ref (<c>disabled</c> for those that do not run).</summary>
    public IReadOnlyDictionary<string, SensorProcessState> States => states;

    /// <summary>The state of one sensor, or null when no loaded pack declares it.</summary>
    public SensorProcessState? Find(string sensorRef) => states.GetValueOrDefault(sensorRef);

    /// <summary>Whether the sensor runs now (as enabled here or in its pack), or null when no loaded pack declares it.</summary>
    public bool? IsEnabled(string sensorRef) => enabled.TryGetValue(sensorRef, out bool value) ? value : null;

    /// <summary>Starts every enabled sensor's supervision loop.</summary>
    public void Start()
    {
        changing.Wait();
        try
        {
            started = true;
            foreach (var (sensor, pack) in sensors.Values.Where(e => enabled[e.Sensor.Ref]))
            {
                Launch(sensor, pack);
            }
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>
    /// Follows a pack install or reload: sensors of <paramref name="catalog"/> that are new start (when enabled), sensors of
    /// packs in <paramref name="changedPacks"/> restart with their new code and config (enabled as their files say), sensors
    /// no longer there (or disabled now) stop (cleanup() runs); the others keep running untouched.
    /// </summary>
    public async Task ReloadAsync(PackCatalog catalog, IReadOnlyCollection<string> changedPacks)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(changedPacks);
        await changing.WaitAsync().ConfigureAwait(false);
        try
        {
            var wanted = SensorsOf(catalog);
            foreach (var (sensor, pack) in wanted.Values)
            {
                if (changedPacks.Contains(pack.Ref) || !enabled.ContainsKey(sensor.Ref))
                {
                    enabled[sensor.Ref] = sensor.Enabled;
                }
            }

            var stops = new List<Task>();
            foreach (var (sensorRef, entry) in loops.ToList())
            {
                if (!wanted.ContainsKey(sensorRef) || changedPacks.Contains(entry.Pack.Ref) || !enabled[sensorRef])
                {
                    loops.TryRemove(sensorRef, out _);
                    stops.Add(StopOneAsync(sensorRef, entry));
                }
            }

            await Task.WhenAll(stops).ConfigureAwait(false);
            foreach (var sensorRef in states.Keys.Where(r => !wanted.ContainsKey(r)).ToList())
            {
                states.TryRemove(sensorRef, out _);
                enabled.TryRemove(sensorRef, out _);
            }

            sensors = wanted;
            foreach (var (sensor, pack) in wanted.Values.Where(e => !loops.ContainsKey(e.Sensor.Ref)))
            {
                bool on = enabled[sensor.Ref];
                states[sensor.Ref] = new SensorProcessState { Ref = sensor.Ref, Status = on ? "starting" : "disabled" };
                if (started && on)
                {
                    log?.Invoke(sensor.Ref, "starting the sensor of the reloaded pack " + pack.Ref);
                    Launch(sensor, pack);
                }
            }
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Enables (starts) or disables (stops, after its <c>cleanup()</c>) a sensor while the host runs. False when no
    /// loaded pack declares it.</summary>
    public async Task<bool> SetEnabledAsync(string sensorRef, bool enable, CancellationToken cancellationToken = default)
    {
        await changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!sensors.TryGetValue(sensorRef, out var entry))
            {
                return false;
            }

            enabled[sensorRef] = enable;
            if (enable)
            {
                if (started && (!loops.TryGetValue(sensorRef, out var current) || current.Loop.IsCompleted))
                {
                    // Not running, or its run() returned: start it (again).
                    current?.Stop.Dispose();
                    Update(sensorRef, s => s with { Status = "starting" });
                    Launch(entry.Sensor, entry.Pack);
                }
                else if (!started)
                {
                    Update(sensorRef, s => s with { Status = "starting" });
                }
            }
            else
            {
                if (loops.TryRemove(sensorRef, out var loop))
                {
                    await StopOneAsync(sensorRef, loop).ConfigureAwait(false);
                }

                Update(sensorRef, s => s with { Status = "disabled", ProcessId = null, NextStartAt = null });
            }

            return true;
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Stops every sensor (cleanup() gets <see cref="SensorSupervisorOptions.StopGrace"/>) and the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running.Values.Select(w => w.StopAsync(options.StopGrace))).ConfigureAwait(false);
        await Task.WhenAll(loops.Values.Select(l => l.Loop)).ConfigureAwait(false);
        foreach (var loop in loops.Values)
        {
            loop.Stop.Dispose();
        }

        stopping.Dispose();
        changing.Dispose();
    }

    private static Dictionary<string, (SensorSpec Sensor, PackSpec Pack)> SensorsOf(PackCatalog catalog) =>
        catalog.Packs.SelectMany(p => p.Sensors.Select(s => (Sensor: s, Pack: p))).ToDictionary(e => e.Sensor.Ref, StringComparer.Ordinal);

    private void Launch(SensorSpec sensor, PackSpec pack)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        loops[sensor.Ref] = new Supervised(pack, stop, Task.Run(() => SuperviseAsync(sensor, pack, stop.Token)));
    }

    // The loop's own cancellation path stops the worker (cleanup() gets its grace) and returns; stopping the worker here too
    // spares the wait for a sensor between two polls.
    private async Task StopOneAsync(string sensorRef, Supervised entry)
    {
        await entry.Stop.CancelAsync().ConfigureAwait(false);
        if (running.TryGetValue(sensorRef, out var worker))
        {
            await worker.StopAsync(options.StopGrace).ConfigureAwait(false);
        }

        await entry.Loop.ConfigureAwait(false);
        entry.Stop.Dispose();
    }

    private sealed record Supervised(PackSpec Pack, CancellationTokenSource Stop, Task Loop);

    private async Task SuperviseAsync(SensorSpec sensor, PackSpec pack, CancellationToken cancellationToken)
    {
        var failuresInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            var (exitCode, error) = await RunOnceAsync(sensor, pack, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                Update(sensor.Ref, s => s with { Status = "stopped", ProcessId = null });
                return;
            }

            if (exitCode == 0 && error is null)
            {
                // As in StackStorm, a sensor whose run() returned is done, not dead.
                Update(sensor.Ref, s => s with { Status = "exited", ProcessId = null, LastExitCode = 0 });
                log?.Invoke(sensor.Ref, "sensor run() returned; it is not restarted");
                return;
            }

            failuresInARow = time.GetUtcNow() - started >= options.StableAfter ? 1 : failuresInARow + 1;
            var delay = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * (1L << Math.Min(failuresInARow - 1, 30))));
            var next = time.GetUtcNow() + delay;
            Update(sensor.Ref, s => s with { Status = "backing_off", ProcessId = null, LastExitCode = exitCode, LastError = error, NextStartAt = next });
            log?.Invoke(sensor.Ref, $"sensor died ({error}); restarting in {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Update(sensor.Ref, s => s with { Status = "stopped" });
                return;
            }

            Update(sensor.Ref, s => s with { Restarts = s.Restarts + 1, NextStartAt = null });
        }
    }

    private async Task<(int? ExitCode, string? Error)> RunOnceAsync(SensorSpec sensor, PackSpec pack, CancellationToken cancellationToken)
    {
        Update(sensor.Ref, s => s with { Status = "starting" });
        PythonWorker? worker = null;
        try
        {
            var environment = await environments.EnsureAsync(pack.Ref, pack.Location, cancellationToken).ConfigureAwait(false);
            var config = await configs.GetAsync(pack, cancellationToken).ConfigureAwait(false);
            var handler = new CountingHandler(this, sensor.Ref, services);
            worker = await PythonWorker.StartAsync(
                new PythonWorkerStart
                {
                    Name = "sensor " + sensor.Ref,
                    PackDirectory = pack.Location,
                    Environment = environment,
                    Handler = handler,
                    StandardError = line => log?.Invoke(sensor.Ref, line),
                },
                environments.Options,
                cancellationToken).ConfigureAwait(false);
            running[sensor.Ref] = worker;
            var answer = await worker.CallAsync("sensor_start", SensorStart.Message(sensor, pack, config, "run"), cancellationToken).ConfigureAwait(false);
            if (answer.Error is not null)
            {
                return (1, answer.ErrorMessage);
            }

            Update(sensor.Ref, s => s with { Status = "running", ProcessId = worker.ProcessId, StartedAt = time.GetUtcNow(), LastError = s.LastError });
            await EmitAsync("core.st2.sensor.process_spawn", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = sensor.ClassName,
                ["timestamp"] = time.GetUtcNow().ToUnixTimeSeconds(),
                ["pid"] = (long)worker.ProcessId,
                ["cmd"] = $"{environment.Python} -u -m sflow_worker ({sensor.Ref})",
            }).ConfigureAwait(false);
            await worker.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            var code = worker.ExitCode ?? -1;
            await EmitAsync("core.st2.sensor.process_exit", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = sensor.ClassName,
                ["timestamp"] = time.GetUtcNow().ToUnixTimeSeconds(),
                ["exit_code"] = (long)code,
            }).ConfigureAwait(false);
            return (code, code == 0 ? null : $"exited with code {code}: {LastLines(worker.RecentStandardError)}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (Exception ex) when (ex is PythonEnvironmentException or PythonWorkerException or PackConfigException)
        {
            return (worker?.ExitCode, ex.Message);
        }
        finally
        {
            running.TryRemove(sensor.Ref, out _);
            if (worker is not null)
            {
                if (worker.IsAlive)
                {
                    await worker.StopAsync(options.StopGrace).ConfigureAwait(false);
                }

                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task EmitAsync(string trigger, Dictionary<string, object?> payload)
    {
        if (triggers is null)
        {
            return;
        }

        try
        {
            await triggers.DispatchAsync(trigger, payload).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failure to report a sensor's spawn or exit must not stop its supervision.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log?.Invoke(payload.GetValueOrDefault("id") as string ?? trigger, $"could not dispatch {trigger}: {ex.Message}");
        }
    }

    private void Update(string sensorRef, Func<SensorProcessState, SensorProcessState> change) =>
        states.AddOrUpdate(sensorRef, _ => change(new SensorProcessState { Ref = sensorRef }), (_, old) => change(old));

    private static string LastLines(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(3));
    }

    /// <summary>Counts a sensor's dispatches and records refused ones in its state.</summary>
    private sealed class CountingHandler(PythonSensorSupervisor owner, string sensorRef, IPythonRequestHandler inner) : IPythonRequestHandler
    {
        public async Task<object?> HandleAsync(Dictionary<string, object?> request, CancellationToken cancellationToken)
        {
            try
            {
                var value = await inner.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                if (request.GetValueOrDefault("op") is "dispatch")
                {
                    owner.Update(sensorRef, s => s with { Dispatched = s.Dispatched + 1 });
                }

                return value;
            }
            catch (PythonRequestException ex) when (request.GetValueOrDefault("op") is "dispatch")
            {
                var message = $"sensor {sensorRef} dispatched an invalid trigger instance: {ex.Message}";
                owner.Update(sensorRef, s => s with { Rejected = s.Rejected + 1, LastError = message });
                owner.log?.Invoke(sensorRef, message);
                throw;
            }
        }
    }
}
