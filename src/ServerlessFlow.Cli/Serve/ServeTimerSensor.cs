using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The timer sensor of <c>sflow serve</c>: each tick plans the fires due since the previous tick with the shared
/// <see cref="TimerPlanner"/> and dispatches them under their deterministic ids, so a fire happens once per scheduled time.</summary>
internal sealed partial class ServeTimerSensor(IReadOnlyList<TimerTrigger> timers, TriggerDispatcher dispatcher, TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private DateTimeOffset lastTick = time.GetUtcNow();

    /// <summary>Dispatches the fires due in (previous tick, now]; returns them.</summary>
    public async Task<IReadOnlyList<TimerFire>> TickAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (now <= lastTick)
            {
                return [];
            }

            var plan = TimerPlanner.Plan(timers, now, now - lastTick);
            foreach (var problem in plan.Problems)
            {
                LogInvalidTimer(problem);
            }

            foreach (var fire in plan.Fires)
            {
                var parameters = new Dictionary<string, object?>(fire.Timer.Parameters, StringComparer.Ordinal);
                await dispatcher.DispatchAsync(fire.Timer.Type, fire.Payload(), fire.TraceTag, fire.TriggerInstanceId, parameters, cancellationToken).ConfigureAwait(false);
                LogFired(fire.Timer.Key, fire.TriggerInstanceId, fire.TraceTag);
            }

            // Only a tick that dispatched everything moves the window, so a failed fire is retried (same id) next tick.
            lastTick = now;
            return plan.Fires;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ticks every <paramref name="period"/> of <see cref="TimeProvider"/> time until cancelled.</summary>
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer tick failed; the next tick retries the same window")]
    private partial void LogTickFailed(Exception exception);
}
