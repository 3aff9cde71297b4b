using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Azure.Storage;

/// <summary>Partition and row key helpers. Keys may not hold '/', '\', '#', '?' or control characters, and are at most 1 KiB (longer values keep an 800-character head plus a hash);
/// values are escaped character by character (so a prefix of a name escapes to a prefix of its key, keeping prefix queries).</summary>
internal static class TableKeys
{
    /// <summary>Record rows are spread over 16 partitions by a hash of the id: writes do not pile on one partition, and a
    /// batch of new records still shares partitions enough for transactions.</summary>
    public static string RecordPartition(string id) =>
        "r-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 1))[1..];

    /// <summary>The partition of an index: "i-{dimension}-{escaped value}".</summary>
    public static string IndexPartition(string dimension, string value) => "i-" + dimension + "-" + Escape(value);

    /// <summary>Escapes characters Table Storage forbids in keys, and '%' itself, as %XX (UTF-16 code unit, hex).</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString(c > 0xFF ? "X4" : "X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length > 900)
        {
            // Too long for a key: keep a readable head and make it unique with a hash.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
            return builder.ToString(0, 800) + "~" + hash;
        }

        return builder.ToString();
    }

    /// <summary>An OData string literal.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
