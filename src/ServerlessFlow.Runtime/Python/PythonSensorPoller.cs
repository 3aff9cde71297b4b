using System.Collections.Concurrent;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Python.Sensors;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// Polling sensors driven from outside, as the Functions app's Timer function drives them: each polling sensor has a warm
/// worker in poll mode (set up once, its instance kept between polls), and <see cref="PollDueAsync"/> calls <c>poll()</c>
/// on every sensor whose <c>poll_interval</c> has passed. A <c>poll()</c> that raises is reported and its worker replaced
/// (set up again on the next poll, as StackStorm restarts a sensor whose run() died). A passive sensor (<c>Sensor</c>,
/// whose <c>run()</c> must run forever) is refused with a message saying to use a webhook.
/// </summary>
public sealed class PythonSensorPoller : IAsyncDisposable
{
    /// <summary>StackStorm's PollingSensor default interval, seconds.</summary>
    public const long DefaultPollInterval = 5;

    private readonly Func<PackCatalog> catalog;
    private (PackCatalog Catalog, IReadOnlyList<(SensorSpec Sensor, PackSpec Pack)> Sensors)? seen;
    private readonly PythonEnvironmentBuilder environments;
    private readonly PackConfigs configs;
    private readonly PythonHostServices services;
    private readonly Action<string, string>? log;
    private readonly ConcurrentDictionary<string, PythonWorker> workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastPoll = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> refused = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);

    internal PythonSensorPoller(Func<PackCatalog> catalog, PythonEnvironmentBuilder environments, PackConfigs configs, PythonHostServices services, Action<string, string>? log)
    {
        this.catalog = catalog;
        this.environments = environments;
        this.configs = configs;
        this.services = services;
        this.log = log;
    }

    /// <summary>Sensors refused because they are passive, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Refused => refused;

    /// <summary>Polls every enabled sensor whose interval has passed at <paramref name="now"/>; returns what each poll did.
    /// Never throws for a sensor's failure.</summary>
    public async Task<IReadOnlyList<SensorPollOutcome>> PollDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcomes = new List<SensorPollOutcome>();
            foreach (var (sensor, pack) in await CurrentSensorsAsync().ConfigureAwait(false))
            {
                if (refused.ContainsKey(sensor.Ref))
                {
                    continue;
                }

                var interval = TimeSpan.FromSeconds(sensor.PollInterval ?? DefaultPollInterval);
                if (lastPoll.TryGetValue(sensor.Ref, out var last) && now - last < interval)
                {
                    continue;
                }

                lastPoll[sensor.Ref] = now;
                outcomes.Add(await PollAsync(sensor, pack, cancellationToken).ConfigureAwait(false));
            }

            return outcomes;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The enabled sensors of the packs loaded now. After a pack install or reload, the workers of sensors whose pack
    /// changed or went are stopped, so the next poll sets them up from the new code.</summary>
    private async Task<IReadOnlyList<(SensorSpec Sensor, PackSpec Pack)>> CurrentSensorsAsync()
    {
        var now = catalog();
        if (seen is { } known && ReferenceEquals(known.Catalog, now))
        {
            return known.Sensors;
        }

        var sensors = now.Packs.SelectMany(p => p.Sensors.Where(s => s.Enabled).Select(s => (s, p))).ToList();
        if (seen is { } before)
        {
            var kept = sensors.ToDictionary(s => s.s.Ref, s => s.p, StringComparer.Ordinal);
            foreach (var (sensor, pack) in before.Sensors)
            {
                if (!kept.TryGetValue(sensor.Ref, out var next) || next.ContentHash != pack.ContentHash || next.ContentHash is null)
                {
                    await DropAsync(sensor.Ref).ConfigureAwait(false);
                    refused.TryRemove(sensor.Ref, out _);
                }
            }
        }

        seen = (now, sensors);
        return sensors;
    }

    /// <summary>Stops every sensor worker (cleanup() runs in each).</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(workers.Values.Select(w => w.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        foreach (var worker in workers.Values)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        workers.Clear();
        gate.Dispose();
    }

    private async Task<SensorPollOutcome> PollAsync(SensorSpec sensor, PackSpec pack, CancellationToken cancellationToken)
    {
        var dispatched = new CountingHandler(services);
        try
        {
            if (!workers.TryGetValue(sensor.Ref, out var worker) || !worker.IsAlive)
            {
                worker = await StartAsync(sensor, pack, cancellationToken).ConfigureAwait(false);
                if (worker is null)
                {
                    return new SensorPollOutcome(sensor.Ref, false, 0, refused[sensor.Ref]);
                }
            }

            worker.Handler = dispatched;
            var answer = await worker.CallAsync("sensor_poll", [], cancellationToken).ConfigureAwait(false);
            if (answer.Error is not null)
            {
                await DropAsync(sensor.Ref).ConfigureAwait(false);
                log?.Invoke(sensor.Ref, answer.ErrorMessage ?? "poll failed");
                return new SensorPollOutcome(sensor.Ref, false, dispatched.Count, answer.ErrorMessage);
            }

            return new SensorPollOutcome(sensor.Ref, true, dispatched.Count, dispatched.Rejection);
        }
        catch (Exception ex) when (ex is PythonEnvironmentException or PythonWorkerException or PackConfigException)
        {
            await DropAsync(sensor.Ref).ConfigureAwait(false);
            log?.Invoke(sensor.Ref, ex.Message);
            return new SensorPollOutcome(sensor.Ref, false, dispatched.Count, ex.Message);
        }
    }

    private async Task<PythonWorker?> StartAsync(SensorSpec sensor, PackSpec pack, CancellationToken cancellationToken)
    {
        await DropAsync(sensor.Ref).ConfigureAwait(false);
        var environment = await environments.EnsureAsync(pack.Ref, pack.Location, cancellationToken).ConfigureAwait(false);
        var config = await configs.GetAsync(pack, cancellationToken).ConfigureAwait(false);
        var worker = await PythonWorker.StartAsync(
            new PythonWorkerStart { Name = "sensor " + sensor.Ref, PackDirectory = pack.Location, Environment = environment, StandardError = line => log?.Invoke(sensor.Ref, line) },
            environments.Options,
            cancellationToken).ConfigureAwait(false);
        var answer = await worker.CallAsync("sensor_start", SensorStart.Message(sensor, pack, config, "poll"), cancellationToken).ConfigureAwait(false);
        if (answer.Error is not null)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw new PythonWorkerException($"Sensor {sensor.Ref} could not start: {answer.ErrorMessage}");
        }

        if (answer.Value is Dictionary<string, object?> started && started.GetValueOrDefault("polling") is false)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            refused[sensor.Ref] = $"Sensor {sensor.Ref} is a passive sensor (st2reactor Sensor: its run() runs forever), which a serverless host cannot keep running; " +
                "receive its events with a webhook instead (a rule on core.st2.webhook, or the st2 webhook with this trigger type), or run it in sflow serve.";
            log?.Invoke(sensor.Ref, refused[sensor.Ref]);
            return null;
        }

        workers[sensor.Ref] = worker;
        return worker;
    }

    private async Task DropAsync(string sensorRef)
    {
        if (workers.TryRemove(sensorRef, out var worker))
        {
            worker.Kill();
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class CountingHandler(IPythonRequestHandler inner) : IPythonRequestHandler
    {
        public int Count;
        public string? Rejection;

        public async Task<object?> HandleAsync(Dictionary<string, object?> request, CancellationToken cancellationToken)
        {
            try
            {
                var value = await inner.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                if (request.GetValueOrDefault("op") is "dispatch")
                {
                    Interlocked.Increment(ref Count);
                }

                return value;
            }
            catch (PythonRequestException ex) when (request.GetValueOrDefault("op") is "dispatch")
            {
                Rejection = ex.Message;
                throw;
            }
        }
    }
}
