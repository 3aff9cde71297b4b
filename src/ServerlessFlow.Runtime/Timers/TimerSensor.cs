using Microsoft.Extensions.Logging;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>
/// The timer sensor of both hosts: each tick plans the interval, cron and date fires due in its window
/// (<see cref="TimerSensorWindow"/>) with <see cref="TimerPlanner"/> and dispatches each under its deterministic id, so a
/// fire happens once per scheduled time however ticks overlap. A fire that fails is logged and left for the next tick
/// (same id then); the tick still fails at the end so the failure is visible, and a since-last-tick window only moves
/// past a tick that dispatched everything. With a fixed lookback each timer's window starts no earlier than the time a
/// sensor first saw it (<see cref="TimerSensorWindow.Starts"/>, read once per timer and kept: it never changes).
/// </summary>
public sealed partial class TimerSensor
{
    private readonly ITimerSource source;
    private readonly ITimerFireSink sink;
    private readonly TimerSensorWindow window;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> firstSeen = new(StringComparer.Ordinal);
    private DateTimeOffset lastTick;

    /// <summary>Creates the sensor over the timers, where fires go, the window rule and the clock.</summary>
    public TimerSensor(ITimerSource source, ITimerFireSink sink, TimerSensorWindow window, TimeProvider time, ILogger<TimerSensor> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.source = source;
        this.sink = sink;
        this.window = window;
        this.time = time;
        this.logger = logger;
        lastTick = time.GetUtcNow();
    }

    /// <summary>Runs one tick; returns the fires dispatched.</summary>
    public async Task<IReadOnlyList<TimerFire>> TickAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var lookback = window.Lookback ?? now - lastTick;
            if (lookback <= TimeSpan.Zero)
            {
                return [];
            }

            var timers = await source.GetTimersAsync(cancellationToken).ConfigureAwait(false);
            if (window.Starts is { } starts)
            {
                foreach (var key in timers.Select(t => t.Key).Where(k => !firstSeen.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList())
                {
                    firstSeen[key] = await starts.FirstSeenAsync(key, now, cancellationToken).ConfigureAwait(false);
                }
            }

            var plan = TimerPlanner.Plan(timers, now, lookback, notBefore: window.Starts is null ? null : firstSeen);
            foreach (var problem in plan.Problems)
            {
                LogInvalidTimer(problem);
            }

            var failures = new List<Exception>();
            var dispatched = new List<TimerFire>();
            foreach (var fire in plan.Fires)
            {
                try
                {
                    await sink.DispatchAsync(fire, cancellationToken).ConfigureAwait(false);
                    dispatched.Add(fire);
                    LogFired(fire.Timer.Key, fire.TriggerInstanceId, fire.TraceTag);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFireFailed(ex, fire.TriggerInstanceId);
                    failures.Add(ex);
                }
            }

            if (failures.Count > 0)
            {
                throw new AggregateException($"{failures.Count} of {plan.Fires.Count} timer fires failed; the next tick retries them with the same ids.", failures);
            }

            lastTick = now;
            return dispatched;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ticks every <paramref name="period"/> of <see cref="TimeProvider"/> time until cancelled (<c>sflow serve</c>).</summary>
    public async Task RunAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                // A storage hiccup must not end the sensor; the next tick covers the same window again.
                LogTickFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer skipped: {Problem}")]
    private partial void LogInvalidTimer(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} fired: trigger instance {TriggerInstanceId}, trace tag {TraceTag}")]
    private partial void LogFired(string timer, string triggerInstanceId, string traceTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer fire {TriggerInstanceId} failed; the next tick retries it")]
    private partial void LogFireFailed(Exception exception, string triggerInstanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer tick failed; the next tick retries the same window")]
    private partial void LogTickFailed(Exception exception);
}
