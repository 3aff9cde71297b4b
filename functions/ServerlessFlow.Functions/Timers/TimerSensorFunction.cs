using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Functions.Timers;

/// <summary>Timer sensor: ticks on the <c>SFLOW_TIMER_SCHEDULE</c> app setting and emits the interval,
/// cron and date timer fires due since the lookback, through the runtime's <see cref="TimerSensor"/> (the one
/// <c>sflow serve</c> ticks). Overlapping or late ticks are harmless: fire ids are deterministic and stored insert-if-absent. Each tick
/// also expires the pending inquiries asked outside a workflow whose ttl passed (st2's inquiry garbage collection).</summary>
internal sealed class TimerSensorFunction(TimerSensor sensor, InquiryService? inquiries = null, TimeProvider? time = null)
{
    /// <summary>The function name in functions.metadata.</summary>
    public const string Name = "TimerSensor";

    /// <summary>One tick. <paramref name="timer"/> is not needed: the window comes from the clock and the lookback.</summary>
    [Function(Name)]
    public async Task RunAsync(
        [TimerTrigger("%" + AppSettingNames.TimerSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await sensor.TickAsync(cancellationToken).ConfigureAwait(false);
        if (inquiries is not null)
        {
            await inquiries.ExpireDueAsync((time ?? TimeProvider.System).GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
