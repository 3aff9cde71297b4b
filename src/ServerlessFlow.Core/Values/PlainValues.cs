using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ServerlessFlow.Core.Values;

/// <summary>
/// The JSON-like value model shared by packs, expressions, rules and workflows: null, bool,
/// long, double, string, <see cref="List{T}"/> of values and <see cref="Dictionary{TKey,TValue}"/>
/// from string to value (insertion-ordered as long as nothing is removed, like a Python dict).
/// </summary>
public static class PlainValues
{
    /// <summary>Turns any CLR value (ints, enumerables, dictionaries, JsonElement) into the plain model.</summary>
    public static object? Normalize(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return value switch
        {
            null => null,
            bool or long or double or string => value,
            int i => (long)i,
            short s => (long)s,
            byte b => (long)b,
            uint ui => (long)ui,
            ulong ul when ul <= long.MaxValue => (long)ul,
            ulong ul => (double)ul,
            float f => (double)f,
            decimal m => m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? (long)m : (double)m,
            char c => c.ToString(),
            JsonElement e => FromJsonElement(e),
            List<object?> list when IsNormalizedList(list) => list,
            Dictionary<string, object?> dict when IsNormalizedDictionary(dict) => dict,
            IDictionary dict => NormalizeDictionary(dict),
            IEnumerable seq => NormalizeList(seq),
            DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    private static bool IsNormalizedList(List<object?> list)
    {
        foreach (var item in list)
        {
            if (!IsPlainScalarOrContainer(item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNormalizedDictionary(Dictionary<string, object?> dict)
    {
        if (!ReferenceEquals(dict.Comparer, StringComparer.Ordinal) && !ReferenceEquals(dict.Comparer, EqualityComparer<string>.Default))
        {
            return false;
        }

        foreach (var item in dict.Values)
        {
            if (!IsPlainScalarOrContainer(item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainScalarOrContainer(object? item) =>
        item is null or bool or long or double or string
        || (item is List<object?> l && IsNormalizedList(l))
        || (item is Dictionary<string, object?> d && IsNormalizedDictionary(d));

    private static List<object?> NormalizeList(IEnumerable seq)
    {
        var list = new List<object?>();
        foreach (var item in seq)
        {
            list.Add(Normalize(item));
        }

        return list;
    }

    private static Dictionary<string, object?> NormalizeDictionary(IDictionary dict)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            var key = entry.Key as string ?? Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            result[key] = Normalize(entry.Value);
        }

        return result;
    }

    /// <summary>Converts a parsed JSON element to the plain model.</summary>
    public static object? FromJsonElement(JsonElement element)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJsonElement(property.Value);
                }

                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJsonElement(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l))
                {
                    return l;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>Structural equality as JSON sees it: 1 equals 1.0, true never equals 1.</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        a = Normalize(a);
        b = Normalize(b);
        switch (a)
        {
            case null:
                return b is null;
            case bool ba:
                return b is bool bb && ba == bb;
            case long la:
                return b switch { long lb => la == lb, double db => la == db, _ => false };
            case double da:
                return b switch { long lb => da == lb, double db => da.Equals(db), _ => false };
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case List<object?> xa:
                return b is List<object?> xb && PythonValues.SequenceEqual(xa, xb, DeepEquals);
            case Dictionary<string, object?> ma:
                return b is Dictionary<string, object?> mb && PythonValues.MappingEqual(ma, mb, DeepEquals);
            default:
                return Equals(a, b);
        }
    }

    /// <summary>How deeply a value nests: a scalar or a list or dict of scalars is 0, each container inside a container one more.
    /// Measured without recursion; stops counting past <paramref name="limit"/>.</summary>
    public static int Depth(object? value, int limit)
    {
        if (value is not (Dictionary<string, object?> or List<object?>))
        {
            return 0;
        }

        var stack = new Stack<(object? Value, int Depth)>();
        stack.Push((value, 0));
        var max = 0;
        while (stack.Count > 0)
        {
            var (current, depth) = stack.Pop();
            if (depth > max)
            {
                max = depth;
                if (max > limit)
                {
                    return max;
                }
            }

            var children = current switch
            {
                Dictionary<string, object?> dict => dict.Values,
                List<object?> list => (IEnumerable<object?>)list,
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is Dictionary<string, object?> or List<object?>)
                {
                    stack.Push((child, depth + 1));
                }
            }
        }

        return max;
    }

    /// <summary>A deep copy of a plain value, so that callers can mutate it freely.</summary>
    public static object? DeepClone(object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return value switch
        {
            List<object?> list => list.Select(DeepClone).ToList(),
            Dictionary<string, object?> dict => dict.ToDictionary(kv => kv.Key, kv => DeepClone(kv.Value), StringComparer.Ordinal),
            _ => value,
        };
    }

    /// <summary>The JSON type name of a value, as JSON schema words it.</summary>
    public static string JsonTypeName(object? value) => Normalize(value) switch
    {
        null => "null",
        bool => "boolean",
        long => "integer",
        double => "number",
        string => "string",
        List<object?> => "array",
        Dictionary<string, object?> => "object",
        _ => "unknown",
    };
}
