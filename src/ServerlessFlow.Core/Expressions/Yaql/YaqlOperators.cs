using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>yaql's operators with the overloads its standard library registers
/// (math, strings, collections, common, regex): anything else is "No function matches".</summary>
internal static class YaqlOperators
{
    public static object? Add(YaqlEvaluation ev, object? left, object? right, int position)
    {
        switch (left)
        {
            case long a when right is long b:
                return Checked(() => checked(a + b), position);
            case long or double when right is long or double:
                return PythonSemantics.ToDouble(left) + PythonSemantics.ToDouble(right);
            case string sa when right is string sb:
                ev.CheckLength(sa.Length + (long)sb.Length, position);
                return sa + sb;
            case Dictionary<string, object?> da when right is Dictionary<string, object?> db:
                var merged = new Dictionary<string, object?>(da, StringComparer.Ordinal);
                foreach (var (key, value) in db)
                {
                    merged[key] = value;
                }

                return merged;
            case YaqlSet sa when right is YaqlSet sb:
                return new YaqlSet(sa.Items.Concat(sb.Items));
            default:
                break;
        }

        if (YaqlEvaluation.IsIterable(left) && YaqlEvaluation.IsIterable(right))
        {
            var l = YaqlEvaluation.Items(left);
            var r = YaqlEvaluation.Items(right);
            ev.CheckLength(l.Count + (long)r.Count, position);
            // tuple + tuple is a tuple; anything else is chained into an iterator.
            var result = left?.GetType() == typeof(List<object?>) && right?.GetType() == typeof(List<object?>)
                ? new List<object?>(l.Count + r.Count)
                : new YaqlIteratorList(l.Count + r.Count);
            result.AddRange(l);
            result.AddRange(r);
            return result;
        }

        throw NoMatch("#operator_+", position);
    }

    public static object? Subtract(object? left, object? right, int position) => (left, right) switch
    {
        (long a, long b) => Checked(() => checked(a - b), position),
        (long or double, long or double) => PythonSemantics.ToDouble(left) - PythonSemantics.ToDouble(right),
        (YaqlSet a, YaqlSet b) => new YaqlSet(a.Items.Where(x => !b.Contains(x))),
        _ => throw NoMatch("#operator_-", position),
    };

    public static object? Multiply(YaqlEvaluation ev, object? left, object? right, int position)
    {
        switch (left, right)
        {
            case (long a, long b):
                return Checked(() => checked(a * b), position);
            case (long or double, long or double):
                return PythonSemantics.ToDouble(left) * PythonSemantics.ToDouble(right);
            case (string s, long or bool):
                return RepeatString(ev, s, PythonSemantics.ToLong(right), position);
            case (long or bool, string s):
                return RepeatString(ev, s, PythonSemantics.ToLong(left), position);
            case (List<object?> list, long or bool) when PythonSemantics.IsSequence(list):
                return RepeatList(ev, list, PythonSemantics.ToLong(right), position);
            case (long or bool, List<object?> list) when PythonSemantics.IsSequence(list):
                return RepeatList(ev, list, PythonSemantics.ToLong(left), position);
            default:
                throw NoMatch("#operator_*", position);
        }
    }

    public static object? Divide(object? left, object? right, int position)
    {
        switch (left, right)
        {
            case (long a, long b):
                if (b == 0)
                {
                    throw new YaqlError("ZeroDivisionError", "integer division or modulo by zero", position);
                }

                return FloorDiv(a, b);
            case (long or double, long or double):
                var divisor = PythonSemantics.ToDouble(right);
                if (divisor == 0)
                {
                    throw new YaqlError("ZeroDivisionError", "float division by zero", position);
                }

                return PythonSemantics.ToDouble(left) / divisor;
            default:
                throw NoMatch("#operator_/", position);
        }
    }

    public static object? Modulo(object? left, object? right, int position)
    {
        switch (left, right)
        {
            case (long a, long b):
                if (b == 0)
                {
                    throw new YaqlError("ZeroDivisionError", "integer division or modulo by zero", position);
                }

                var m = a % b;
                return m != 0 && ((m < 0) != (b < 0)) ? m + b : m;
            case (long or double, long or double):
                var x = PythonSemantics.ToDouble(left);
                var y = PythonSemantics.ToDouble(right);
                if (y == 0)
                {
                    throw new YaqlError("ZeroDivisionError", "float modulo", position);
                }

                var r = x % y;
                if (r == 0)
                {
                    // Python's float modulo gives a zero with the divisor's sign.
                    return y < 0 ? -0.0 : 0.0;
                }

                return (r < 0) != (y < 0) ? r + y : r;
            default:
                throw NoMatch("#operator_mod", position);
        }
    }

    public static object? Negate(object? operand, int position) => operand switch
    {
        long l => Checked(() => checked(-l), position),
        double d => -d,
        _ => throw NoMatch("#unary_operator_-", position),
    };

    public static object? Plus(object? operand, int position) => operand switch
    {
        long or double => operand,
        _ => throw NoMatch("#unary_operator_+", position),
    };

    /// <summary>The ordering operators: numbers with numbers, strings with strings, sets by inclusion,
    /// and null, which is below everything else.</summary>
    public static bool Compare(string op, object? left, object? right, int position)
    {
        if (left is null || right is null)
        {
            var c = left is null && right is null ? 0 : left is null ? -1 : 1;
            return Apply(op, c);
        }

        switch (left, right)
        {
            case (long a, long b):
                return Apply(op, a.CompareTo(b));
            case (long or double, long or double):
                var x = PythonSemantics.ToDouble(left);
                var y = PythonSemantics.ToDouble(right);
                if (double.IsNaN(x) || double.IsNaN(y))
                {
                    return false;
                }

                return Apply(op, x.CompareTo(y));
            case (string sa, string sb):
                return Apply(op, PythonValues.CompareCodePoints(sa, sb));
            case (YaqlSet sa, YaqlSet sb):
                var subset = sa.Items.All(sb.Contains);
                var superset = sb.Items.All(sa.Contains);
                return op switch
                {
                    "<" => subset && sa.Count < sb.Count,
                    "<=" => subset,
                    ">" => superset && sa.Count > sb.Count,
                    _ => superset,
                };
            default:
                throw NoMatch("#operator_" + op, position);
        }
    }

    public static bool In(object? left, object? right, int position)
    {
        if (right is string sr)
        {
            if (left is string sl)
            {
                return sr.Contains(sl, StringComparison.Ordinal);
            }

            throw NoMatch("#operator_in", position);
        }

        if (right is YaqlSet set)
        {
            return set.Contains(left);
        }

        if (right is List<object?> list)
        {
            foreach (var item in list)
            {
                if (PythonSemantics.Equals(left, item))
                {
                    return true;
                }
            }

            return false;
        }

        throw NoMatch("#operator_in", position);
    }

    private static bool Apply(string op, int c) => op switch
    {
        "<" => c < 0,
        "<=" => c <= 0,
        ">" => c > 0,
        _ => c >= 0,
    };

    private static long FloorDiv(long a, long b)
    {
        if (a == long.MinValue && b == -1)
        {
            throw new YaqlError("OverflowError", "integer overflow (yaql would give a Python big int)", -1);
        }

        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static object RepeatString(YaqlEvaluation ev, string s, long times, int position)
    {
        if (times <= 0 || s.Length == 0)
        {
            return string.Empty;
        }

        ev.CheckLength(s.Length * times, position);
        return string.Concat(Enumerable.Repeat(s, (int)times));
    }

    private static object RepeatList(YaqlEvaluation ev, List<object?> list, long times, int position)
    {
        List<object?> result = list is YaqlPyList ? new YaqlPyList() : new List<object?>();
        if (times <= 0 || list.Count == 0)
        {
            return result;
        }

        ev.CheckLength(list.Count * times, position);
        ev.Tick(list.Count * times, position);
        for (var i = 0; i < times; i++)
        {
            result.AddRange(list);
        }

        return result;
    }

    private static object Checked(Func<long> operation, int position)
    {
        try
        {
            return operation();
        }
        catch (OverflowException)
        {
            throw new YaqlError("OverflowError", "integer result does not fit in 64 bits (Python would use a big integer)", position);
        }
    }

    public static YaqlError NoMatch(string function, int position) =>
        new("NoMatchingFunctionException", $"No function \"{function}\" matches supplied arguments", position);
}
