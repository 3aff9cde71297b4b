using System.Globalization;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>One scheduled fire of a timer: what the sensor dispatches as a trigger instance.</summary>
/// <param name="Timer">The timer.</param>
/// <param name="ScheduledTime">When it was scheduled to fire (UTC).</param>
public sealed record TimerFire(TimerTrigger Timer, DateTimeOffset ScheduledTime)
{
    /// <summary>Deterministic trigger-instance id (see <see cref="TimerTrigger.FireId"/>).</summary>
    public string TriggerInstanceId => Timer.FireId(ScheduledTime);

    /// <summary>StackStorm's timer payload. <c>executed_at</c> is the scheduled time in Python's
    /// <c>str(datetime)</c> form, not the moment of the tick, so a late or repeated tick writes the same
    /// payload. StackStorm also sends <c>"schedule": null</c>, which its own payload schema (schedule: object)
    /// rejects; StackStorm gets away with it because it does not validate payloads by default, while the
    /// dispatch use case here always does, so the key is left out.</summary>
    public Dictionary<string, object?> Payload() => new(StringComparer.Ordinal)
    {
        ["executed_at"] = PythonDateTimeString(ScheduledTime),
    };

    /// <summary>StackStorm's timer trace tag: <c>&lt;type name&gt;-&lt;trigger name&gt;</c>.</summary>
    public string TraceTag => Timer.Type["core.".Length..] + "-" + Timer.ShortName;

    private static string PythonDateTimeString(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var micros = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return micros == 0 ? text + "+00:00" : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture) + "+00:00";
    }
}
