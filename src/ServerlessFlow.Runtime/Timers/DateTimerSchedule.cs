using System.Globalization;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Runtime.Timers;

/// <summary><c>core.st2.DateTimer</c>: once, at <c>date</c>. A date without an offset is read in the
/// <c>timezone</c> parameter (UTC by default). ISO 8601 forms are accepted ("2026-11-24 12:00:00",
/// "2026-11-24T12:00:00Z", "…+02:00"); StackStorm's dateutil parser also takes free-form English dates,
/// which are rejected here with a clear error rather than guessed.</summary>
public sealed partial class DateTimerSchedule : TimerSchedule
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd",
    ];

    private DateTimerSchedule(DateTimeOffset runDate) => RunDate = runDate;

    /// <summary>The one time the timer fires.</summary>
    public DateTimeOffset RunDate { get; }

    /// <summary>Reads <c>date</c> and <c>timezone</c>.</summary>
    public static DateTimerSchedule Parse(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RejectUnknown(parameters, TimerTriggerTypes.Date, "date", "timezone");
        var zone = ReadTimeZone(parameters);
        if (!parameters.TryGetValue("date", out var value) || value is not string text || text.Trim().Length == 0)
        {
            throw new FormatException($"{TimerTriggerTypes.Date} parameter \"date\" is required, as a date-time string.");
        }

        text = text.Trim();
        if (ExplicitOffset().IsMatch(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                return new DateTimerSchedule(withOffset);
            }
        }
        else if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (zone.IsInvalidTime(local))
            {
                throw new FormatException($"{TimerTriggerTypes.Date} parameter \"date\" \"{text}\" does not exist in time zone {zone.Id} (a daylight-saving gap).");
            }

            return new DateTimerSchedule(new DateTimeOffset(local, zone.GetUtcOffset(local)));
        }

        throw new FormatException($"{TimerTriggerTypes.Date} parameter \"date\" is \"{text}\"; expected an ISO 8601 date-time such as \"2026-11-24 12:00:00\" or \"2026-11-24T12:00:00+02:00\".");
    }

    /// <inheritdoc />
    public override IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset afterExclusive, DateTimeOffset untilInclusive, int limit) =>
        limit > 0 && RunDate > afterExclusive && RunDate <= untilInclusive ? [RunDate] : [];

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExplicitOffset();
}
