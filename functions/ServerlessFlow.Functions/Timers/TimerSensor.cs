using Microsoft.Extensions.Logging;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Functions.Timers;

/// <summary>One tick of the timer sensor: plan the fires due in (now − lookback, now] and dispatch
/// each. A fire that fails is logged and left for the next tick (its id is the same then); the tick
/// still fails at the end so the failure is visible.</summary>
internal sealed partial class TimerSensor(ITimerSource source, ITimerFireSink sink, FunctionSettings settings, TimeProvider time, ILogger<TimerSensor> logger)
{
    /// <summary>Runs one tick; returns the fires dispatched.</summary>
    public async Task<IReadOnlyList<TimerFire>> TickAsync(CancellationToken cancellationToken)
    {
        var timers = await source.GetTimersAsync(cancellationToken).ConfigureAwait(false);
        var plan = TimerPlanner.Plan(timers, time.GetUtcNow(), settings.TimerLookback);
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

        return dispatched;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer skipped: {Problem}")]
    private partial void LogInvalidTimer(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer fire {TriggerInstanceId} failed; the next tick retries it")]
    private partial void LogFireFailed(Exception exception, string triggerInstanceId);
}
