using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>Python's <c>json.dumps</c> over plain values, byte for byte: separators, indent,
/// sort_keys, ensure_ascii, float repr, NaN/Infinity.</summary>
public static class PythonJson
{
    /// <summary>Serialises like <c>json.dumps(value, indent=…, sort_keys=…, ensure_ascii=…, separators=…)</c>.
    /// Default separators follow Python: <c>", "</c>/<c>": "</c>, or <c>","</c> when indenting.</summary>
    public static string Dumps(object? value, int? indent = null, bool sortKeys = false, bool ensureAscii = true, string? itemSeparator = null, string? keySeparator = null)
    {
        itemSeparator ??= indent is null ? ", " : ",";
        keySeparator ??= ": ";
        var builder = new StringBuilder();
        Write(builder, PlainValues.Normalize(value), indent, sortKeys, ensureAscii, itemSeparator, keySeparator, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, int? indent, bool sortKeys, bool ensureAscii, string itemSeparator, string keySeparator, int level)
    {
        if (level > 1000)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, "RecursionError: maximum recursion depth exceeded while encoding a JSON object", string.Empty, 0);
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PythonFloat.Repr(d));
                break;
            case string s:
                WriteString(builder, s, ensureAscii);
                break;
            case List<object?> list:
                if (list.Count == 0)
                {
                    builder.Append("[]");
                    break;
                }

                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(itemSeparator);
                    }

                    NewLine(builder, indent, level + 1);
                    Write(builder, list[i], indent, sortKeys, ensureAscii, itemSeparator, keySeparator, level + 1);
                }

                NewLine(builder, indent, level);
                builder.Append(']');
                break;
            case Dictionary<string, object?> dict:
                if (dict.Count == 0)
                {
                    builder.Append("{}");
                    break;
                }

                builder.Append('{');
                IEnumerable<KeyValuePair<string, object?>> pairs = sortKeys ? dict.OrderBy(kv => kv.Key, StringComparer.Ordinal) : dict;
                var first = true;
                foreach (var (key, item) in pairs)
                {
                    if (!first)
                    {
                        builder.Append(itemSeparator);
                    }

                    first = false;
                    NewLine(builder, indent, level + 1);
                    WriteString(builder, key, ensureAscii);
                    builder.Append(keySeparator);
                    Write(builder, item, indent, sortKeys, ensureAscii, itemSeparator, keySeparator, level + 1);
                }

                NewLine(builder, indent, level);
                builder.Append('}');
                break;
            default:
                WriteString(builder, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, ensureAscii);
                break;
        }
    }

    private static void NewLine(StringBuilder builder, int? indent, int level)
    {
        if (indent is { } n)
        {
            builder.Append('\n').Append(' ', n * level);
        }
    }

    /// <summary>Writes a JSON string literal as Python's encoder does.</summary>
    public static void WriteString(StringBuilder builder, string s, bool ensureAscii)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
