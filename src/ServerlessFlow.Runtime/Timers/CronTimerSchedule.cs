using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace ServerlessFlow.Runtime.Timers;

/// <summary><c>core.st2.CronTimer</c>: APScheduler's CronTrigger fields (year, month, day, week,
/// day_of_week, hour, minute, second) in <c>timezone</c>, with APScheduler's rules: a field left out
/// is <c>*</c> when it is more significant than the least significant field given and its minimum
/// otherwise; day_of_week counts from 0 = Monday and combines with day by AND. Seconds, minutes,
/// hours, day and month are evaluated by Cronos; day_of_week is applied as a filter. Not supported
/// (rejected with a clear error): <c>year</c> and <c>week</c> other than <c>*</c>, and the
/// <c>"2nd fri"</c> / <c>"last fri"</c> forms of <c>day</c>. Daylight-saving edges follow Cronos,
/// not APScheduler: a time inside a spring-forward gap fires once at the jump, a time in the repeated
/// fall-back hour fires once at its first occurrence (APScheduler: gap time shifted by the gap, and the
/// second occurrence).</summary>
public sealed partial class CronTimerSchedule : TimerSchedule
{
    private static readonly string[] FieldOrder = ["year", "month", "day", "week", "day_of_week", "hour", "minute", "second"];
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["year"] = "*", ["month"] = "1", ["day"] = "1", ["week"] = "*", ["day_of_week"] = "*", ["hour"] = "0", ["minute"] = "0", ["second"] = "0",
    };

    private static readonly string[] WeekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private readonly CronExpression expression;
    private readonly TimeZoneInfo zone;
    private readonly HashSet<DayOfWeek>? weekdays;

    private CronTimerSchedule(CronExpression expression, TimeZoneInfo zone, HashSet<DayOfWeek>? weekdays, string cronText)
    {
        this.expression = expression;
        this.zone = zone;
        this.weekdays = weekdays;
        CronText = cronText;
    }

    /// <summary>The Cronos expression (seconds first) the fields became, without day_of_week.</summary>
    public string CronText { get; }

    /// <summary>Reads the APScheduler fields.</summary>
    public static CronTimerSchedule Parse(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RejectUnknown(parameters, TimerTriggerTypes.Cron, [.. FieldOrder, "timezone"]);
        var zone = ReadTimeZone(parameters);

        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in FieldOrder)
        {
            if (ReadField(parameters, name) is { } value)
            {
                if (value.Length == 0)
                {
                    throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"{name}\" is empty.");
                }

                given[name] = value.ToLowerInvariant();
            }
        }

        // APScheduler CronTrigger.__init__: fields before the last one given are '*', after it their default.
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var remaining = given.Count;
        foreach (var name in FieldOrder)
        {
            if (given.TryGetValue(name, out var value))
            {
                fields[name] = value;
                remaining--;
            }
            else
            {
                fields[name] = remaining == 0 ? Defaults[name] : "*";
            }
        }

        foreach (var name in new[] { "year", "week" })
        {
            if (fields[name] != "*")
            {
                throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"{name}\" = \"{fields[name]}\" is not supported; only \"*\" is.");
            }
        }

        var day = fields["day"] == "last" ? "L" : fields["day"];
        var cronText = string.Join(' ',
            CheckNumeric("second", fields["second"], 0, 59),
            CheckNumeric("minute", fields["minute"], 0, 59),
            CheckNumeric("hour", fields["hour"], 0, 23),
            day == "L" ? day : CheckNumeric("day", day, 1, 31),
            CheckMonth(fields["month"]),
            "*");
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cronText, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"{TimerTriggerTypes.Cron} parameters make no valid schedule ({cronText}): {ex.Message}", ex);
        }

        var weekdays = fields["day_of_week"] == "*" ? null : ParseWeekdays(fields["day_of_week"]);
        return new CronTimerSchedule(expression, zone, weekdays, cronText);
    }

    /// <inheritdoc />
    public override IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset afterExclusive, DateTimeOffset untilInclusive, int limit)
    {
        var result = new List<DateTimeOffset>();
        if (limit <= 0 || untilInclusive <= afterExclusive)
        {
            return result;
        }

        foreach (var occurrence in expression.GetOccurrences(afterExclusive, untilInclusive, zone, fromInclusive: false, toInclusive: true))
        {
            if (weekdays is null || weekdays.Contains(TimeZoneInfo.ConvertTime(occurrence, zone).DayOfWeek))
            {
                result.Add(occurrence.ToUniversalTime());
                if (result.Count == limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    private static string CheckNumeric(string name, string value, int min, int max)
    {
        foreach (var part in value.Split(','))
        {
            var match = RangePart().Match(part);
            if (!match.Success)
            {
                throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"{name}\" = \"{value}\" is not supported: use *, */n, a, a-b, a-b/n or a list of them.");
            }

            foreach (var group in new[] { "first", "last" })
            {
                if (match.Groups[group].Success)
                {
                    var number = int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
                    if (number < min || number > max)
                    {
                        throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"{name}\" = \"{value}\": {number} is outside {min}-{max}.");
                    }
                }
            }
        }

        return value;
    }

    private static string CheckMonth(string value)
    {
        var numeric = MonthNames().Replace(value, m => (Array.IndexOf(MonthList, m.Value) + 1).ToString(CultureInfo.InvariantCulture));
        return CheckNumeric("month", numeric, 1, 12);
    }

    private static readonly string[] MonthList = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // APScheduler day_of_week: 0 = Monday … 6 = Sunday, or mon … sun; *, */n, a-b, a-b/n, lists.
    private static HashSet<DayOfWeek> ParseWeekdays(string value)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var raw in value.Split(','))
        {
            var part = WeekdayName().Replace(raw, m => Array.IndexOf(WeekdayNames, m.Value).ToString(CultureInfo.InvariantCulture));
            var match = RangePart().Match(part);
            if (!match.Success)
            {
                throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"day_of_week\" = \"{value}\" is not supported: use 0-6 (0 = Monday) or mon-sun, with *, */n, a-b, lists.");
            }

            var first = match.Groups["first"].Success ? int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture) : 0;
            var last = match.Groups["last"].Success ? int.Parse(match.Groups["last"].Value, CultureInfo.InvariantCulture)
                : match.Groups["first"].Success && !match.Groups["step"].Success ? first : 6;
            var step = match.Groups["step"].Success ? int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) : 1;
            if (first > 6 || last > 6 || step == 0 || first > last)
            {
                throw new FormatException($"{TimerTriggerTypes.Cron} parameter \"day_of_week\" = \"{value}\" is outside 0-6 (0 = Monday) or has an empty range.");
            }

            for (var d = first; d <= last; d += step)
            {
                days.Add((DayOfWeek)((d + 1) % 7));
            }
        }

        return days;
    }

    [GeneratedRegex(@"^(?:\*|(?<first>\d{1,2})(?:-(?<last>\d{1,2}))?)(?:/(?<step>\d{1,2}))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RangePart();

    [GeneratedRegex("mon|tue|wed|thu|fri|sat|sun", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WeekdayName();

    [GeneratedRegex("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MonthNames();
}
