using System.Globalization;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja's attribute and item access (<c>environment.getattr</c> / <c>getitem</c>) over
/// plain values: a miss gives an undefined carrying Jinja's hint, never a .NET member.</summary>
internal static class JinjaAccess
{
    /// <summary><c>obj.name</c>.</summary>
    public static object? GetAttribute(object? target, string name, int position)
    {
        if (target is JinjaUndefined undefined)
        {
            throw JinjaRuntimeException.Undefined(undefined.Message, undefined.Position);
        }

        switch (target)
        {
            case Dictionary<string, object?> dict when dict.TryGetValue(name, out var value):
                return value;
            case JinjaLoopContext loop when loop.TryGet(name, out var loopValue):
                return loopValue;
            case JinjaNamespace ns when ns.Values.TryGetValue(name, out var nsValue):
                return nsValue;
            case JinjaKeyValueLookup kv:
                return kv.Child(name);
        }

        return new JinjaUndefined($"{JinjaValues.ObjectDescription(target)} has no attribute '{name}'", position);
    }

    /// <summary><c>obj[key]</c>.</summary>
    public static object? GetItem(object? target, object? key, int position)
    {
        if (target is JinjaUndefined undefined)
        {
            throw JinjaRuntimeException.Undefined(undefined.Message, undefined.Position);
        }

        key = JinjaValues.Defined(key);
        if (target is JinjaKeyValueLookup kvTarget)
        {
            if (key is string kvKey)
            {
                return kvTarget.Child(kvKey);
            }

            target = kvTarget.Resolve();
        }

        switch (target)
        {
            case Dictionary<string, object?> dict when key is string s:
                if (dict.TryGetValue(s, out var value))
                {
                    return value;
                }

                break;
            case List<object?> list when key is long or bool:
                var index = JinjaValues.ToLong(key!);
                if (index < 0)
                {
                    index += list.Count;
                }

                if (index >= 0 && index < list.Count)
                {
                    return list[(int)index];
                }

                break;
            case string text when key is long or bool:
                var chars = JinjaValues.StringChars(text);
                var i = JinjaValues.ToLong(key!);
                if (i < 0)
                {
                    i += chars.Count;
                }

                if (i >= 0 && i < chars.Count)
                {
                    return chars[(int)i];
                }

                break;
        }

        if (key is string name)
        {
            return GetAttribute(target, name, position);
        }

        var description = target is null ? "None" : JinjaValues.TypeName(target) + " object";
        return new JinjaUndefined($"{description} has no element {JinjaValues.Repr(key)}", position);
    }

    /// <summary><c>obj[start:stop:step]</c> with Python's rules.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        target = JinjaValues.Defined(target);
        var s = SliceIndex(start);
        var e = SliceIndex(stop);
        var st = SliceIndex(step) ?? 1;
        if (st == 0)
        {
            throw JinjaRuntimeException.Value("slice step cannot be zero");
        }

        List<object?> items;
        switch (target)
        {
            case string text:
                items = JinjaValues.StringChars(text);
                return string.Concat(SliceList(items, s, e, st).Select(c => (string)c!));
            case JinjaTuple tuple:
                return new JinjaTuple(SliceList(tuple, s, e, st));
            case List<object?> list:
                return SliceList(list, s, e, st);
            default:
                throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(target)}' object is not subscriptable");
        }
    }

    private static long? SliceIndex(object? value)
    {
        value = JinjaValues.Defined(value);
        return value switch
        {
            null => null,
            long or bool => JinjaValues.ToLong(value),
            _ => throw JinjaRuntimeException.Type("slice indices must be integers or None or have an __index__ method"),
        };
    }

    private static List<object?> SliceList(List<object?> list, long? start, long? stop, long step)
    {
        var count = list.Count;
        var result = new List<object?>();
        if (step > 0)
        {
            var from = Clamp(start ?? 0, count, 0, count);
            var to = Clamp(stop ?? count, count, 0, count);
            for (var i = from; i < to; i += step)
            {
                result.Add(list[(int)i]);
            }
        }
        else
        {
            var from = start is null ? count - 1 : Clamp(start.Value, count, -1, count - 1);
            var to = stop is null ? -1 : Clamp(stop.Value, count, -1, count - 1);
            for (var i = from; i > to; i += step)
            {
                result.Add(list[(int)i]);
            }
        }

        return result;
    }

    private static long Clamp(long index, long count, long low, long high)
    {
        if (index < 0)
        {
            index += count;
        }

        return Math.Min(Math.Max(index, low), high);
    }

    /// <summary>The text of an integer for messages.</summary>
    public static string IntText(long value) => value.ToString(CultureInfo.InvariantCulture);
}
