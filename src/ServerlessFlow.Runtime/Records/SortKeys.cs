using System.Globalization;

namespace ServerlessFlow.Runtime.Records;

/// <summary>Sort keys that order records newest first when compared as ordinal strings (Table Storage sorts row keys so).</summary>
public static class SortKeys
{
    /// <summary>Inverted ticks, zero-padded, then the id: later timestamps sort first, ties by id.</summary>
    public static string NewestFirst(DateTimeOffset timestamp, string id) =>
        (DateTimeOffset.MaxValue.UtcTicks - timestamp.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>Ticks, zero-padded, then the id: oldest first.</summary>
    public static string OldestFirst(DateTimeOffset timestamp, string id) =>
        timestamp.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "_" + id;
}
