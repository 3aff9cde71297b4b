using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Values;

/// <summary>
/// Python's view of the plain value model (None, bool, int, float, str, list, dict): <c>repr()</c>,
/// <c>str()</c>, type names, <c>==</c> and ordering. YAQL, Jinja and rule criteria all follow
/// Python here; this is their one copy, and each adds its own types (yaql's tuples and sets,
/// Jinja's undefined and views) around it.
/// </summary>
internal static class PythonValues
{
    /// <summary>How deep <see cref="Repr"/> descends before printing <c>...</c>.</summary>
    private const int MaxReprDepth = 64;

    /// <summary>Python's type name of a plain value (<c>NoneType</c>, <c>int</c>, <c>list</c>…); null for any other type.</summary>
    public static string? TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        _ => null,
    };

    /// <summary>True for bool, int and float (Python's numbers; bool is an int).</summary>
    public static bool IsNumber(object? value) => value is bool or long or double;

    /// <summary>A number as a double (bool as 0/1).</summary>
    public static double ToDouble(object value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw new InvalidOperationException("not a number"),
    };

    /// <summary>A bool or int as a long.</summary>
    public static long ToLong(object value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        _ => throw new InvalidOperationException("not an integer"),
    };

    /// <summary>Python's <c>a == b</c> for plain values: <c>True == 1 == 1.0</c>, lists and dicts structurally, no coercion.</summary>
    public static bool Equal(object? a, object? b)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return a switch
        {
            null => b is null,
            string sa => b is string sb && string.Equals(sa, sb, StringComparison.Ordinal),
            bool or long or double => IsNumber(b) && (a is double || b is double ? ToDouble(a) == ToDouble(b!) : ToLong(a) == ToLong(b!)),
            List<object?> la => b is List<object?> lb && SequenceEqual(la, lb, Equal),
            Dictionary<string, object?> da => b is Dictionary<string, object?> db && MappingEqual(da, db, Equal),
            _ => Equals(a, b),
        };
    }

    /// <summary>Same length and pairwise equal items under <paramref name="equal"/>.</summary>
    public static bool SequenceEqual(List<object?> a, List<object?> b, Func<object?, object?, bool> equal)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!equal(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same keys, and equal values under <paramref name="equal"/> (order does not matter, as for a dict).</summary>
    public static bool MappingEqual(Dictionary<string, object?> a, Dictionary<string, object?> b, Func<object?, object?, bool> equal)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !equal(value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Python's ordering of two sequences: at the first position where the items differ, else by length.</summary>
    public static int CompareSequences(List<object?> a, List<object?> b, Func<object?, object?, bool> equal, Func<object?, object?, int> compare)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            if (!equal(a[i], b[i]))
            {
                return compare(a[i], b[i]);
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Ordinal comparison by Unicode code point, as Python compares str (UTF-16 order differs above U+FFFF).</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb)
            {
                continue;
            }

            if (char.IsSurrogate(ca) || char.IsSurrogate(cb))
            {
                return CodePointAt(a, i).CompareTo(CodePointAt(b, i));
            }

            return ca.CompareTo(cb);
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Python's <c>str(value)</c> of a plain value: strings as they are, anything else as its repr.</summary>
    public static string Str(object? value) => value as string ?? Repr(value);

    /// <summary>Python's <c>repr(value)</c> of a plain value (<c>...</c> below 64 levels of nesting).</summary>
    public static string Repr(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0);
        return builder.ToString();
    }

    /// <summary>Appends the repr of None, a bool, an int, a float or a str; false (nothing appended) for any other value.</summary>
    public static bool TryAppendScalarRepr(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("None");
                return true;
            case bool b:
                builder.Append(b ? "True" : "False");
                return true;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                return true;
            case double d:
                builder.Append(PythonFloat.Repr(d));
                return true;
            case string s:
                AppendStringRepr(builder, s);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Appends <paramref name="open"/>, the items separated by <c>", "</c>, then <paramref name="close"/>.</summary>
    public static void AppendItems(StringBuilder builder, List<object?> items, string open, string close, Action<StringBuilder, object?> appendItem)
    {
        builder.Append(open);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            appendItem(builder, items[i]);
        }

        builder.Append(close);
    }

    /// <summary>Appends a dict's repr: <c>{'key': value, …}</c>, values through <paramref name="appendValue"/>.</summary>
    public static void AppendMapping(StringBuilder builder, Dictionary<string, object?> mapping, Action<StringBuilder, object?> appendValue)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, item) in mapping)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            AppendStringRepr(builder, key);
            builder.Append(": ");
            appendValue(builder, item);
        }

        builder.Append('}');
    }

    /// <summary>Python's repr of a str: single quotes unless the text has a single quote and no double quote.</summary>
    public static void AppendStringRepr(StringBuilder builder, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append(quote);
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth)
    {
        if (depth > MaxReprDepth)
        {
            builder.Append("...");
            return;
        }

        if (TryAppendScalarRepr(builder, value))
        {
            return;
        }

        switch (value)
        {
            case List<object?> list:
                AppendItems(builder, list, "[", "]", (b, item) => AppendRepr(b, item, depth + 1));
                break;
            case Dictionary<string, object?> dict:
                AppendMapping(builder, dict, (b, item) => AppendRepr(b, item, depth + 1));
                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static int CodePointAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];
}
