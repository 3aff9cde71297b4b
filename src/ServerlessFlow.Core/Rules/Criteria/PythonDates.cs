using System.Globalization;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>Parses dates the way StackStorm's date_utils.parse does for ISO 8601 forms: a date
/// without a zone is UTC. Free-form dateutil inputs ("5", "May 1st") are not accepted.</summary>
internal static class PythonDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd", "yyyyMMdd'T'HHmmssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd'T'HH:mm:sszz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzz", "yyyy-MM-dd HH:mm:sszz",
    ];

    /// <summary>Parses an ISO 8601 date and time; throws <see cref="CriterionFailureException"/> like dateutil's ParserError.</summary>
    public static DateTimeOffset Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && DateTimeOffset.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var result))
        {
            return result;
        }

        throw new CriterionFailureException($"Unknown string format: {text}");
    }
}
