using System.Globalization;

namespace ServerlessFlow.Runtime.Records;

/// <summary>Sort keys that order records newest first when compared as ordinal strings (Table Storage sorts row keys so).</summary>
public static class SortKeys
{
    /// <summary>Inverted ticks, zero-padded, then the id: later timestamps sort first, ties by id.</summary>
    public static string NewestFirst(DateTimeOffset timestamp, string id) =>
        (DateTimeOffset.MaxValue.UtcTicks - StoredTicks(timestamp)).ToString("D19", CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>Ticks, zero-padded, then the id: oldest first.</summary>
    public static string OldestFirst(DateTimeOffset timestamp, string id) =>
        StoredTicks(timestamp).ToString("D19", CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>True when <paramref name="token"/> has the shape of a sort key this class makes (19 digits, '_', an id): a
    /// continuation token a store gave. Anything else is refused rather than used as a position in a store query.</summary>
    public static bool IsSortKey(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length < 21 || token.Length > 19 + 1 + 128 || token[19] != '_')
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            var ok = i < 19 ? char.IsAsciiDigit(c) : i == 19 || char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // Records keep timestamps to the microsecond (StackStorm's isoformat). The key must be computed from
    // that same precision, or a record read back and re-indexed (an idempotent retry) gets a second index row.
    private static long StoredTicks(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks;
        return ticks - (ticks % TimeSpan.TicksPerMicrosecond);
    }
}
