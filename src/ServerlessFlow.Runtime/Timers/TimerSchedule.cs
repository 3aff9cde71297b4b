using System.Globalization;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>When a timer trigger fires. Pure: occurrences are computed from the parameters and the
/// window given, never from a clock, so every instance of the sensor computes the same times.</summary>
public abstract class TimerSchedule
{
    /// <summary>Scheduled times in (<paramref name="afterExclusive"/>, <paramref name="untilInclusive"/>], ascending, at most <paramref name="limit"/>.</summary>
    public abstract IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset afterExclusive, DateTimeOffset untilInclusive, int limit);

    /// <summary>Builds the schedule of a timer trigger; throws <see cref="FormatException"/> naming the bad parameter.</summary>
    public static TimerSchedule Parse(string triggerType, IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return triggerType switch
        {
            TimerTriggerTypes.Interval => IntervalTimerSchedule.Parse(parameters),
            TimerTriggerTypes.Cron => CronTimerSchedule.Parse(parameters),
            TimerTriggerTypes.Date => DateTimerSchedule.Parse(parameters),
            _ => throw new FormatException($"Trigger type \"{triggerType}\" is not a timer; expected {TimerTriggerTypes.Interval}, {TimerTriggerTypes.Cron} or {TimerTriggerTypes.Date}."),
        };
    }

    /// <summary>The <c>timezone</c> parameter (IANA or Windows id); UTC when absent.</summary>
    internal static TimeZoneInfo ReadTimeZone(IReadOnlyDictionary<string, object?> parameters)
    {
        if (!parameters.TryGetValue("timezone", out var value) || value is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (value is not string id || id.Length == 0)
        {
            throw new FormatException("Timer parameter \"timezone\" must be a time zone name such as \"UTC\" or \"Europe/Paris\".");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new FormatException($"Timer parameter \"timezone\" is \"{id}\", which is not a known time zone.");
        }
        catch (InvalidTimeZoneException)
        {
            throw new FormatException($"Timer parameter \"timezone\" is \"{id}\", whose time zone data is invalid on this machine.");
        }
    }

    /// <summary>Reads a parameter that may be written as a string or an integer.</summary>
    internal static string? ReadField(IReadOnlyDictionary<string, object?> parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            string s => s.Trim(),
            long l => l.ToString(CultureInfo.InvariantCulture),
            _ => throw new FormatException($"Timer parameter \"{name}\" must be a string or an integer."),
        };
    }

    internal static void RejectUnknown(IReadOnlyDictionary<string, object?> parameters, string triggerType, params string[] known)
    {
        foreach (var key in parameters.Keys)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                throw new FormatException($"{triggerType} has no parameter \"{key}\"; it takes {string.Join(", ", known)}.");
            }
        }
    }
}
