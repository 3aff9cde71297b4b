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
    public static string TypeName(object? value) => PythonValues.TypeName(value) ?? value!.GetType().Name;

    /// <summary>Python's <c>a == b</c>.</summary>
    public static bool Equal(object? a, object? b) => PythonValues.Equal(a, b);

    /// <summary>Python's <c>a &lt; b</c> as a three-way comparison; raises where Python raises TypeError.</summary>
    public static int Compare(object? a, object? b, string symbol)
    {
        if (PythonValues.IsNumber(a) && PythonValues.IsNumber(b))
        {
            if (a is double || b is double)
            {
                var x = PythonValues.ToDouble(a!);
                var y = PythonValues.ToDouble(b!);
                return x < y ? -1 : x > y ? 1 : 0;
            }

            return PythonValues.ToLong(a!).CompareTo(PythonValues.ToLong(b!));
        }

        if (a is string sa && b is string sb)
        {
            return PythonValues.CompareCodePoints(sa, sb);
        }

        if (a is List<object?> la && b is List<object?> lb)
        {
            return PythonValues.CompareSequences(la, lb, Equal, (x, y) => Compare(x, y, symbol));
        }

        throw new CriterionFailureException(
            $"'{symbol}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

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
    public static string Str(object? value) => PythonValues.Str(value);

    /// <summary>Python's <c>repr(value)</c> for plain values.</summary>
    public static string Repr(object? value) => PythonValues.Repr(value);
}
