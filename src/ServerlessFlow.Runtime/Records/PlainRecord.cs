using System.Globalization;

namespace ServerlessFlow.Runtime.Records;

/// <summary>Reads typed fields out of a plain-value dictionary (a record read back from JSON), with errors naming the field.</summary>
public static class PlainRecord
{
    /// <summary>A required string field.</summary>
    public static string RequireString(Dictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var v) && v is string s
            ? s
            : throw new FormatException($"Record field '{key}' is missing or not a string.");

    /// <summary>An optional string field.</summary>
    public static string? OptionalString(Dictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var v) ? v as string : null;

    /// <summary>An optional object field, copied.</summary>
    public static Dictionary<string, object?> OptionalObject(Dictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var v) && v is Dictionary<string, object?> d
            ? new Dictionary<string, object?>(d, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>An optional list of strings.</summary>
    public static List<string> StringList(Dictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var v) && v is List<object?> list
            ? list.OfType<string>().ToList()
            : [];

    /// <summary>An optional timestamp in round-trip ("O") format.</summary>
    public static DateTimeOffset? OptionalTimestamp(Dictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var v) && v is string s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    /// <summary>Formats a timestamp the way records store it (UTC, round-trip).</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
