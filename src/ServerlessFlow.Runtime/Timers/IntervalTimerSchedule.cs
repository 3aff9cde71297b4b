namespace ServerlessFlow.Runtime.Timers;

/// <summary><c>core.st2.IntervalTimer</c>: every <c>delta</c> <c>unit</c>s. StackStorm (APScheduler)
/// counts from the moment the sensor started; a stateless serverless sensor has no such moment, so
/// the count starts at the Unix epoch (UTC): every instance and every tick agrees on the times.</summary>
public sealed class IntervalTimerSchedule : TimerSchedule
{
    private IntervalTimerSchedule(TimeSpan period) => Period = period;

    /// <summary>The interval.</summary>
    public TimeSpan Period { get; }

    /// <summary>Reads <c>unit</c> and <c>delta</c>.</summary>
    public static IntervalTimerSchedule Parse(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RejectUnknown(parameters, TimerTriggerTypes.Interval, "unit", "delta", "timezone");
        _ = ReadTimeZone(parameters);
        if (!parameters.TryGetValue("delta", out var deltaValue) || deltaValue is not long delta || delta <= 0)
        {
            throw new FormatException($"{TimerTriggerTypes.Interval} parameter \"delta\" must be a positive integer.");
        }

        parameters.TryGetValue("unit", out var unitValue);
        var unitSeconds = unitValue switch
        {
            "seconds" => 1L,
            "minutes" => 60L,
            "hours" => 3600L,
            "days" => 86400L,
            "weeks" => 604800L,
            _ => throw new FormatException($"{TimerTriggerTypes.Interval} parameter \"unit\" must be one of weeks, days, hours, minutes, seconds."),
        };
        if (delta > 100L * 365 * 86400 / unitSeconds)
        {
            throw new FormatException($"{TimerTriggerTypes.Interval} parameter \"delta\" is longer than 100 years.");
        }

        return new IntervalTimerSchedule(TimeSpan.FromSeconds(delta * unitSeconds));
    }

    /// <inheritdoc />
    public override IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset afterExclusive, DateTimeOffset untilInclusive, int limit)
    {
        var result = new List<DateTimeOffset>();
        var period = Period.Ticks;
        var after = afterExclusive.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = (Math.DivRem(after, period, out var remainder) + (remainder >= 0 ? 1 : 0)) * period;
        for (var ticks = next; result.Count < limit && DateTimeOffset.UnixEpoch.UtcTicks + ticks <= untilInclusive.UtcTicks; ticks += period)
        {
            result.Add(new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + ticks, TimeSpan.Zero));
        }

        return result;
    }
}
