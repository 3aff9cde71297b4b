using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// Python's comparison, equality and membership rules over plain values, because StackStorm's
/// operators are one-line Python expressions (<c>value == pattern</c>, <c>pattern in value</c>,
/// <c>value &lt; pattern</c>) and their quirks are part of the contract: <c>True == 1</c>,
/// no coercion between strings and numbers, and a <see cref="CriterionFailureException"/> where
/// Python raises a TypeError.
/// </summary>
internal static class PythonSemantics
{
    /// <summary>Python's type name of a plain value, as error messages print it.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>a == b</c>.</summary>
    public static bool Equal(object? a, object? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool or long or double:
                return IsNumber(b) && NumberEquals(a, b!);
            case List<object?> la:
                if (b is not List<object?> lb || la.Count != lb.Count)
                {
                    return false;
                }

                for (var i = 0; i < la.Count; i++)
                {
                    if (!Equal(la[i], lb[i]))
                    {
                        return false;
                    }
                }

                return true;
            case Dictionary<string, object?> da:
                if (b is not Dictionary<string, object?> db || da.Count != db.Count)
                {
                    return false;
                }

                foreach (var (key, value) in da)
                {
                    if (!db.TryGetValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return Equals(a, b);
        }
    }

    private static bool IsNumber(object? value) => value is bool or long or double;

    private static bool NumberEquals(object a, object b)
    {
        if (a is double || b is double)
        {
            return ToDouble(a) == ToDouble(b);
        }

        return ToLong(a) == ToLong(b);
    }

    private static double ToDouble(object value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw new InvalidOperationException("not a number"),
    };

    private static long ToLong(object value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        _ => throw new InvalidOperationException("not an integer"),
    };

    /// <summary>Python's <c>a &lt; b</c> as a three-way comparison; raises where Python raises TypeError.</summary>
    public static int Compare(object? a, object? b, string symbol)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double)
            {
                var x = ToDouble(a!);
                var y = ToDouble(b!);
                return x < y ? -1 : x > y ? 1 : 0;
            }

            return ToLong(a!).CompareTo(ToLong(b!));
        }

        if (a is string sa && b is string sb)
        {
            return CompareCodePoints(sa, sb);
        }

        if (a is List<object?> la && b is List<object?> lb)
        {
            // Python compares sequences at the first position where the items differ.
            var n = Math.Min(la.Count, lb.Count);
            for (var i = 0; i < n; i++)
            {
                if (!Equal(la[i], lb[i]))
                {
                    return Compare(la[i], lb[i], symbol);
                }
            }

            return la.Count.CompareTo(lb.Count);
        }

        throw new CriterionFailureException(
            $"'{symbol}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Ordinal comparison by Unicode code point (UTF-16 order differs above U+FFFF).</summary>
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

    private static int CodePointAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool In(object? item, object? container)
    {
        switch (container)
        {
            case string s:
                if (item is not string sub)
                {
                    throw new CriterionFailureException($"'in <string>' requires string as left operand, not {TypeName(item)}");
                }

                return s.Contains(sub, StringComparison.Ordinal);
            case List<object?> list:
                foreach (var element in list)
                {
                    if (Equal(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case Dictionary<string, object?> dict:
                if (item is List<object?> or Dictionary<string, object?>)
                {
                    throw new CriterionFailureException($"unhashable type: '{TypeName(item)}'");
                }

                return item is string key && dict.ContainsKey(key);
            default:
                throw new CriterionFailureException($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>Python's <c>value.lower()</c>: only strings have it.</summary>
    public static string Lower(object? value) => value is string s
        ? s.ToLowerInvariant()
        : throw new CriterionFailureException($"'{TypeName(value)}' object has no attribute 'lower'");

    /// <summary>Requires a string receiver for <paramref name="method"/> (Python raises AttributeError otherwise).</summary>
    public static string Receiver(object? value, string method) => value is string s
        ? s
        : throw new CriterionFailureException($"'{TypeName(value)}' object has no attribute '{method}'");

    /// <summary>Requires a string argument for <c>str.startswith</c> / <c>str.endswith</c>.</summary>
    public static string AffixArgument(object? pattern, string method) => pattern is string s
        ? s
        : throw new CriterionFailureException($"{method} first arg must be str or a tuple of str, not {TypeName(pattern)}");

    /// <summary>Python's <c>str(value)</c> for plain values (used in messages and by timediff).</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat.Repr(d),
        string s => s,
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c> for plain values.</summary>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth)
    {
        if (depth > 64)
        {
            builder.Append("...");
            return;
        }

        switch (value)
        {
            case string s:
                builder.Append('\'').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal)).Append('\'');
                break;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendRepr(builder, list[i], depth + 1);
                }

                builder.Append(']');
                break;
            case Dictionary<string, object?> dict:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendRepr(builder, key, depth + 1);
                    builder.Append(": ");
                    AppendRepr(builder, item, depth + 1);
                }

                builder.Append('}');
                break;
            default:
                builder.Append(Str(value));
                break;
        }
    }
}
