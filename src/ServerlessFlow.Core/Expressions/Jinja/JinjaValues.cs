using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Python's view of plain values as Jinja sees them: truthiness, <c>str()</c>,
/// <c>repr()</c>, type names, equality and ordering.</summary>
internal static class JinjaValues
{
    /// <summary>Raises UndefinedError when <paramref name="value"/> is a strict undefined.</summary>
    public static object? Defined(object? value)
    {
        if (value is JinjaUndefined { Lenient: false } undefined)
        {
            throw JinjaRuntimeException.Undefined(undefined.Message, undefined.Position);
        }

        return value is JinjaKeyValueLookup kv ? kv.Resolve() : value;
    }

    /// <summary>Raises UndefinedError for a strict undefined; keeps st2kv lookups as the objects they are.</summary>
    public static object? DefinedObject(object? value) =>
        value is JinjaUndefined { Lenient: false } undefined ? throw JinjaRuntimeException.Undefined(undefined.Message, undefined.Position) : value;

    /// <summary>Python's str.upper: full case mapping for the characters that grow (ß → SS, ligatures).</summary>
    public static string PyUpper(string s)
    {
        var upper = s.ToUpperInvariant();
        foreach (var (from, to) in SpecialUpper)
        {
            if (upper.Contains(from, StringComparison.Ordinal))
            {
                upper = upper.Replace(from, to, StringComparison.Ordinal);
            }
        }

        return upper;
    }

    private static readonly (string From, string To)[] SpecialUpper =
    [
        ("\u00DF", "SS"), ("\uFB00", "FF"), ("\uFB01", "FI"), ("\uFB02", "FL"), ("\uFB03", "FFI"), ("\uFB04", "FFL"), ("\uFB05", "ST"), ("\uFB06", "ST"),
    ];

    /// <summary>Python's <c>bool(value)</c>.</summary>
    public static bool IsTruthy(object? value)
    {
        if (value is JinjaKeyValueLookup)
        {
            // st2's KeyValueLookup defines no __bool__: it is always true, even for a missing key.
            return true;
        }

        value = Defined(value);
        return value switch
        {
            null => false,
            bool b => b,
            long l => l != 0,
            double d => d != 0,
            string s => s.Length != 0,
            List<object?> list => list.Count != 0,
            Dictionary<string, object?> dict => dict.Count != 0,
            JinjaUndefined => false,
            _ => true,
        };
    }

    /// <summary>Python's <c>str(value)</c>.</summary>
    public static string Str(object? value)
    {
        value = Defined(value);
        return value switch
        {
            string s => s,
            JinjaUndefined => string.Empty,
            _ => Repr(value),
        };
    }

    /// <summary>Python's <c>repr(value)</c>.</summary>
    public static string Repr(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth)
    {
        if (depth > 1000)
        {
            throw new JinjaRuntimeException("RecursionError", "maximum recursion depth exceeded while getting the repr of an object", -1, ExpressionErrorKind.Limit);
        }

        value = Defined(value);
        if (PythonValues.TryAppendScalarRepr(builder, value))
        {
            return;
        }

        switch (value)
        {
            case JinjaView view:
                if (view.FixedRepr is not null)
                {
                    builder.Append(view.FixedRepr);
                    break;
                }

                PythonValues.AppendItems(builder, view, view.Prefix + "([", "])", (b, item) => AppendRepr(b, item, depth + 1));
                break;
            case JinjaTuple tuple:
                PythonValues.AppendItems(builder, tuple, "(", tuple.Count == 1 ? ",)" : ")", (b, item) => AppendRepr(b, item, depth + 1));
                break;
            case List<object?> list:
                PythonValues.AppendItems(builder, list, "[", "]", (b, item) => AppendRepr(b, item, depth + 1));
                break;
            case Dictionary<string, object?> dict:
                PythonValues.AppendMapping(builder, dict, (b, item) => AppendRepr(b, item, depth + 1));
                break;
            case JinjaUndefined:
                builder.Append("Undefined");
                break;
            case JinjaLoopContext:
                builder.Append("<LoopContext>");
                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Python's type name (<c>int</c>, <c>str</c>, <c>dict</c>…).</summary>
    public static string TypeName(object? value) => value switch
    {
        JinjaTuple => "tuple",
        JinjaView view => view.FixedRepr is null ? view.Prefix : "range",
        JinjaUndefined => "Undefined",
        JinjaLoopContext => "LoopContext",
        JinjaKeyValueLookup => "KeyValueLookup",
        _ => PythonValues.TypeName(value) ?? "object",
    };

    /// <summary>Jinja's object description in undefined hints: <c>'dict object'</c>, <c>'None'</c>.</summary>
    public static string ObjectDescription(object? value) => value is null ? "'None'" : "'" + TypeName(value) + " object'";

    /// <summary>Python's <c>==</c>.</summary>
    public static bool PyEquals(object? a, object? b)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        // A KeyValueLookup has no __eq__ in st2, so it equals only itself (never its value).
        switch (a)
        {
            case null:
                return b is null;
            case bool or long or double when IsNumber(b):
                return CompareNumbers(a!, b!) == 0;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case JinjaTuple ta:
                return b is JinjaTuple tb && PythonValues.SequenceEqual(ta, tb, PyEquals);
            case List<object?> la:
                return b is List<object?> lb and not JinjaTuple && PythonValues.SequenceEqual(la, lb, PyEquals);
            case Dictionary<string, object?> da:
                return b is Dictionary<string, object?> db && PythonValues.MappingEqual(da, db, PyEquals);
            case JinjaUndefined:
                return b is JinjaUndefined;
            default:
                return ReferenceEquals(a, b);
        }
    }

    /// <summary>True for bool, int and float (Python's numbers; bool is an int).</summary>
    public static bool IsNumber(object? value) => PythonValues.IsNumber(value);

    /// <summary>A number as a double (bool as 0/1).</summary>
    public static double ToDouble(object value) => PythonValues.ToDouble(value);

    /// <summary>A bool or int as a long.</summary>
    public static long ToLong(object value) => PythonValues.ToLong(value);

    private static int CompareNumbers(object a, object b)
    {
        if (a is not double && b is not double)
        {
            return ToLong(a).CompareTo(ToLong(b));
        }

        return ToDouble(a).CompareTo(ToDouble(b));
    }

    /// <summary>Python's ordering (<c>&lt;</c> and friends); TypeError across unrelated types.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        a = Defined(a);
        b = Defined(b);
        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a!, b!);
        }

        if (a is string sa && b is string sb)
        {
            return Math.Sign(string.CompareOrdinal(sa, sb));
        }

        if (a is List<object?> la && b is List<object?> lb && (a is JinjaTuple) == (b is JinjaTuple))
        {
            return PythonValues.CompareSequences(la, lb, PyEquals, (x, y) => Compare(x, y, op));
        }

        throw JinjaRuntimeException.Type($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>Converts a Jinja result to the plain model (tuples become lists; undefined is an error).</summary>
    public static object? ToPlain(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        value = Defined(value);
        switch (value)
        {
            case null or bool or long or double or string:
                return value;
            case List<object?> list:
                var copy = new List<object?>(list.Count);
                var same = list is not (JinjaTuple or JinjaView);
                foreach (var item in list)
                {
                    var plain = ToPlain(item);
                    same &= ReferenceEquals(plain, item);
                    copy.Add(plain);
                }

                return same ? list : copy;
            case Dictionary<string, object?> dict:
                Dictionary<string, object?>? result = null;
                foreach (var (key, item) in dict)
                {
                    var plain = ToPlain(item);
                    if (!ReferenceEquals(plain, item) && result is null)
                    {
                        result = new Dictionary<string, object?>(dict, StringComparer.Ordinal);
                    }

                    if (result is not null)
                    {
                        result[key] = plain;
                    }
                }

                return result ?? dict;
            case JinjaUndefined:
                return null;
            default:
                return Str(value);
        }
    }

    /// <summary>The items of an iterable as Python iterates them (dict → keys, str → characters).</summary>
    public static List<object?> Iterate(object? value)
    {
        value = Defined(value);
        return value switch
        {
            List<object?> list => list,
            Dictionary<string, object?> dict => dict.Keys.Select(k => (object?)k).ToList(),
            string s => StringChars(s),
            _ => throw JinjaRuntimeException.Type($"'{TypeName(value)}' object is not iterable"),
        };
    }

    /// <summary>The characters of a string (surrogate pairs kept together, as Python code points).</summary>
    public static List<object?> StringChars(string s)
    {
        // A list of one-character strings costs about 40 bytes a character: count them as produced elements.
        JinjaTemplateContext.Current?.CountIteration(-1, s.Length);
        var result = new List<object?>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(s[i].ToString());
            }
        }

        return result;
    }
}
