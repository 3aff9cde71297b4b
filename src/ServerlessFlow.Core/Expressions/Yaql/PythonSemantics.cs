using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>Python's rules for the plain value model: truthiness, equality, ordering, str() and
/// repr(), which is what yaql (a Python library) applies to every value.</summary>
internal static class PythonSemantics
{
    /// <summary>Python's bool(value).</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        // A yaql iterator (select, where…) is a Python object without __len__: always true.
        YaqlIteratorList or YaqlOrderedList => true,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        YaqlSet set => set.Count > 0,
        _ => true,
    };

    /// <summary>True for int or float but not bool, as yaql's Number type demands.</summary>
    public static bool IsNumber(object? value) => value is long or double;

    /// <summary>Python's == (1 == 1.0 == True; lists and dicts structurally).</summary>
    public static new bool Equals(object? a, object? b)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        switch (a)
        {
            case null or string or bool or long or double:
                return PythonValues.Equal(a, b);
            case List<object?> la:
                // Iterators compare by identity; a Python list never equals a tuple.
                return b is List<object?> lb && !IsLazy(la) && !IsLazy(lb) && (la is YaqlPyList) == (lb is YaqlPyList)
                    && PythonValues.SequenceEqual(la, lb, Equals);
            case Dictionary<string, object?> da:
                return b is Dictionary<string, object?> db && PythonValues.MappingEqual(da, db, Equals);
            case YaqlSet sa2:
                return b is YaqlSet sb2 && sa2.Count == sb2.Count && sa2.Items.All(sb2.Contains);
            default:
                return object.Equals(a, b);
        }
    }

    /// <summary>True for yaql's lazy results (iterators, orderBy's OrderingIterable): not sequences.</summary>
    public static bool IsLazy(object? value) => value is YaqlIteratorList or YaqlOrderedList;

    /// <summary>True for the values yaql's Sequence parameter accepts: tuples and Python lists.</summary>
    public static bool IsSequence(object? value) => value is List<object?> && !IsLazy(value);

    /// <summary>A hash consistent with <see cref="Equals(object?, object?)"/>.</summary>
    public static int Hash(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return value switch
        {
            null => 0,
            bool b => b ? 1 : 0,
            long l => l.GetHashCode(),
            double d => d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue ? ((long)d).GetHashCode() : d.GetHashCode(),
            string s => StringComparer.Ordinal.GetHashCode(s),
            List<object?> list => list.Count,
            Dictionary<string, object?> dict => dict.Count * 31,
            YaqlSet set => set.Count * 17,
            _ => value.GetHashCode(),
        };
    }

    /// <summary>An equality comparer with Python's == semantics (for distinct, sets, groupBy).</summary>
    public static IEqualityComparer<object?> Comparer { get; } = new PythonEqualityComparer();

    private sealed class PythonEqualityComparer : IEqualityComparer<object?>
    {
        bool IEqualityComparer<object?>.Equals(object? x, object? y) => PythonSemantics.Equals(x, y);

        public int GetHashCode(object? obj) => Hash(obj);
    }

    public static double ToDouble(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw new InvalidCastException("not a number"),
    };

    public static long ToLong(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => (long)d,
        _ => throw new InvalidCastException("not a number"),
    };

    /// <summary>Python's str(): strings as they are, containers as their repr.</summary>
    public static string Str(object? value, bool tuples = false) => value switch
    {
        string s => s,
        _ => Repr(value, tuples),
    };

    /// <summary>Python's repr(). With <paramref name="tuples"/>, lists print as tuples, which is
    /// how yaql holds them internally (so yaql's own str() prints "(1, 2)").</summary>
    public static string Repr(object? value, bool tuples = false)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var builder = new StringBuilder();
        AppendRepr(builder, value, tuples, 0);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, bool tuples, int depth)
    {
        if (depth > 512)
        {
            builder.Append("...");
            return;
        }

        if (PythonValues.TryAppendScalarRepr(builder, value))
        {
            return;
        }

        switch (value)
        {
            case List<object?> list:
                tuples = tuples && list is not YaqlPyList;
                PythonValues.AppendItems(builder, list, tuples ? "(" : "[", !tuples ? "]" : list.Count == 1 ? ",)" : ")", (b, item) => AppendRepr(b, item, tuples, depth + 1));
                break;
            case Dictionary<string, object?> dict:
                PythonValues.AppendMapping(builder, dict, (b, item) => AppendRepr(b, item, tuples, depth + 1));
                break;
            case YaqlSet set:
                if (set.Count == 0)
                {
                    builder.Append(tuples ? "frozenset()" : "set()");
                    break;
                }

                PythonValues.AppendItems(builder, set.Items, tuples ? "frozenset({" : "{", tuples ? "})" : "}", (b, item) => AppendRepr(b, item, tuples, depth + 1));
                break;
            case YaqlRegex regex:
                builder.Append("re.compile(");
                PythonValues.AppendStringRepr(builder, regex.Pattern);
                builder.Append(')');
                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Python's type name of a value, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        List<object?> => "tuple",
        YaqlSet => "frozenset",
        YaqlRegex => "re.Pattern",
        _ => PythonValues.TypeName(value) ?? value!.GetType().Name,
    };
}
