using System.Text;
using ServerlessFlow.Core.Expressions.Functions;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>The Python methods templates call on values (<c>s.split(',')</c>, <c>d.items()</c>,
/// <c>l.append(x)</c>…), as Jinja's SandboxedEnvironment allows them. Only this fixed list exists:
/// a template can never reach a .NET member.</summary>
internal static class JinjaMethods
{
    private static readonly PythonFormatValues StrFormatValues = new(
        JinjaValues.Str, JinjaValues.Repr, JinjaValues.TypeName, JinjaValues.Defined, (type, message) => new JinjaRuntimeException(type, message));

    public static object? Call(JinjaTemplateContext context, object? target, string name, List<object?> args, Dictionary<string, object?> named, int position)
    {
        for (var i = 0; i < args.Count; i++)
        {
            args[i] = JinjaValues.Defined(args[i]);
        }

        switch (target)
        {
            case string s:
                return StringMethod(context, s, name, args, named);
            case List<object?> list:
                return ListMethod(context, list, name, args);
            case Dictionary<string, object?> dict:
                if (dict.TryGetValue(name, out var member) && !IsDictMethod(name))
                {
                    throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(member)}' object is not callable");
                }

                return DictMethod(dict, name, args);
            case JinjaLoopContext loop when name == "cycle":
                return loop.Cycle(args);
            case JinjaNamespace ns when ns.Values.TryGetValue(name, out var value):
                throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(value)}' object is not callable");
        }

        throw JinjaRuntimeException.Undefined($"{JinjaValues.ObjectDescription(target)} has no attribute '{name}'", position);
    }

    private static bool IsDictMethod(string name) => name is "get" or "keys" or "values" or "items" or "copy" or "update" or "pop" or "setdefault";

    private static object? Arg(List<object?> args, int index, object? fallback = null) => index < args.Count ? args[index] : fallback;

    private static string StrArg(List<object?> args, int index, string method) =>
        Arg(args, index) is string s ? s : throw JinjaRuntimeException.Type($"{method}() argument must be str, not {JinjaValues.TypeName(Arg(args, index))}");

    private static object? StringMethod(JinjaTemplateContext context, string s, string name, List<object?> args, Dictionary<string, object?> named)
    {
        switch (name)
        {
            case "upper": return JinjaValues.PyUpper(s);
            case "lower": return s.ToLowerInvariant();
            case "strip": return args.Count > 0 && args[0] is string cs ? s.Trim(cs.ToCharArray()) : s.Trim();
            case "lstrip": return args.Count > 0 && args[0] is string ls ? s.TrimStart(ls.ToCharArray()) : s.TrimStart();
            case "rstrip": return args.Count > 0 && args[0] is string rs ? s.TrimEnd(rs.ToCharArray()) : s.TrimEnd();
            case "split":
                return Split(s, Arg(args, 0) as string, Arg(args, 1) is long max ? max : -1, fromRight: false);
            case "rsplit":
                return Split(s, Arg(args, 0) as string, Arg(args, 1) is long rmax ? rmax : -1, fromRight: true);
            case "splitlines":
                return s.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Select(x => (object?)x).ToList() is var lines && lines.Count > 0 && (string?)lines[^1] == string.Empty ? lines.Take(lines.Count - 1).ToList() : lines;
            case "startswith": return s.StartsWith(StrArg(args, 0, name), StringComparison.Ordinal);
            case "endswith": return s.EndsWith(StrArg(args, 0, name), StringComparison.Ordinal);
            case "replace":
                var old = StrArg(args, 0, name);
                var replacement = StrArg(args, 1, name);
                return context.CheckLength(old.Length == 0 ? JinjaFilters.ReplaceEmpty(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal));
            case "join":
                return context.CheckLength(string.Join(s, JinjaValues.Iterate(Arg(args, 0)).Select(x => x is string str ? str : throw JinjaRuntimeException.Type($"sequence item: expected str instance, {JinjaValues.TypeName(x)} found"))));
            case "format": return context.CheckLength(PythonStrFormat.Format(s, args, named, StrFormatValues));
            case "find": return (long)s.IndexOf(StrArg(args, 0, name), StringComparison.Ordinal);
            case "rfind": return (long)s.LastIndexOf(StrArg(args, 0, name), StringComparison.Ordinal);
            case "index":
                var at = s.IndexOf(StrArg(args, 0, name), StringComparison.Ordinal);
                return at >= 0 ? (long)at : throw JinjaRuntimeException.Value("substring not found");
            case "count":
                var needle = StrArg(args, 0, name);
                return needle.Length == 0 ? (long)(s.Length + 1) : (long)((s.Length - s.Replace(needle, string.Empty, StringComparison.Ordinal).Length) / needle.Length);
            case "title": return JinjaFilters.Title(s);
            case "capitalize": return JinjaFilters.Capitalize(s);
            case "isdigit": return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha": return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isspace": return s.Length > 0 && s.All(char.IsWhiteSpace);
            case "islower": return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            case "isupper": return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "zfill":
                var width = (int)(Arg(args, 0) as long? ?? 0);
                if (s.Length >= width)
                {
                    return s;
                }

                var sign = s.Length > 0 && s[0] is '-' or '+' ? s[..1] : string.Empty;
                return sign + new string('0', width - s.Length) + s[sign.Length..];
            case "center": return JinjaFilters.Center(s, (int)(Arg(args, 0) as long? ?? 0));
            case "ljust": return s.PadRight((int)(Arg(args, 0) as long? ?? 0), Arg(args, 1) is string { Length: 1 } lf ? lf[0] : ' ');
            case "rjust": return s.PadLeft((int)(Arg(args, 0) as long? ?? 0), Arg(args, 1) is string { Length: 1 } rf ? rf[0] : ' ');
            case "swapcase": return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
            case "partition":
            case "rpartition":
                var sep = StrArg(args, 0, name);
                var idx = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                if (idx < 0)
                {
                    return name == "partition" ? new JinjaTuple([s, string.Empty, string.Empty]) : new JinjaTuple([string.Empty, string.Empty, s]);
                }

                return new JinjaTuple([s[..idx], sep, s[(idx + sep.Length)..]]);
        }

        throw JinjaRuntimeException.Undefined($"'str object' has no attribute '{name}'", -1);
    }

    /// <summary>Python's str.split / rsplit.</summary>
    public static List<object?> Split(string s, string? separator, long maxSplit, bool fromRight)
    {
        var result = new List<object?>();
        if (separator is null)
        {
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (maxSplit < 0 || words.Length <= maxSplit + 1)
            {
                return words.Select(w => (object?)w).ToList();
            }

            // With a limit, the remainder keeps its inner whitespace.
            if (!fromRight)
            {
                var rest = s.TrimStart();
                for (var i = 0; i < maxSplit; i++)
                {
                    var end = 0;
                    while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                    {
                        end++;
                    }

                    result.Add(rest[..end]);
                    rest = rest[end..].TrimStart();
                }

                result.Add(rest);
                return result;
            }

            var remaining = s.TrimEnd();
            var tail = new List<object?>();
            for (var i = 0; i < maxSplit; i++)
            {
                var begin = remaining.Length;
                while (begin > 0 && !char.IsWhiteSpace(remaining[begin - 1]))
                {
                    begin--;
                }

                tail.Insert(0, remaining[begin..]);
                remaining = remaining[..begin].TrimEnd();
            }

            tail.Insert(0, remaining);
            return tail;
        }

        if (separator.Length == 0)
        {
            throw JinjaRuntimeException.Value("empty separator");
        }

        var parts = s.Split(separator);
        if (maxSplit < 0 || parts.Length <= maxSplit + 1)
        {
            return parts.Select(p => (object?)p).ToList();
        }

        if (!fromRight)
        {
            result.AddRange(parts.Take((int)maxSplit));
            result.Add(string.Join(separator, parts.Skip((int)maxSplit)));
            return result;
        }

        var keep = parts.Length - (int)maxSplit;
        result.Add(string.Join(separator, parts.Take(keep)));
        result.AddRange(parts.Skip(keep));
        return result;
    }

    private static object? ListMethod(JinjaTemplateContext context, List<object?> list, string name, List<object?> args)
    {
        switch (name)
        {
            case "index":
                for (var i = 0; i < list.Count; i++)
                {
                    if (JinjaValues.PyEquals(list[i], Arg(args, 0)))
                    {
                        return (long)i;
                    }
                }

                throw JinjaRuntimeException.Value($"{JinjaValues.Repr(Arg(args, 0))} is not in list");
            case "count":
                return (long)list.Count(x => JinjaValues.PyEquals(x, Arg(args, 0)));
            case "copy":
                return new List<object?>(list);
        }

        if (list is not JinjaTuple)
        {
            switch (name)
            {
                case "append":
                    context.CheckCount(list.Count + 1L);
                    list.Add(Arg(args, 0));
                    return null;
                case "extend":
                    var items = JinjaValues.Iterate(Arg(args, 0));
                    context.CheckCount((long)list.Count + items.Count);
                    list.AddRange(items.ToList());
                    return null;
                case "insert":
                    var at = (int)Math.Clamp(Arg(args, 0) as long? ?? 0, 0, list.Count);
                    list.Insert(at, Arg(args, 1));
                    return null;
                case "pop":
                    if (list.Count == 0)
                    {
                        throw new JinjaRuntimeException("IndexError", "pop from empty list");
                    }

                    var index = Arg(args, 0) is long p ? (int)(p < 0 ? p + list.Count : p) : list.Count - 1;
                    if (index < 0 || index >= list.Count)
                    {
                        throw new JinjaRuntimeException("IndexError", "pop index out of range");
                    }

                    var value = list[index];
                    list.RemoveAt(index);
                    return value;
                case "remove":
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (JinjaValues.PyEquals(list[i], Arg(args, 0)))
                        {
                            list.RemoveAt(i);
                            return null;
                        }
                    }

                    throw JinjaRuntimeException.Value("list.remove(x): x not in list");
                case "reverse":
                    list.Reverse();
                    return null;
                case "clear":
                    list.Clear();
                    return null;
            }
        }

        throw JinjaRuntimeException.Undefined($"{JinjaValues.ObjectDescription(list)} has no attribute '{name}'", -1);
    }

    private static object? DictMethod(Dictionary<string, object?> dict, string name, List<object?> args)
    {
        switch (name)
        {
            case "get":
                return Arg(args, 0) is string key && dict.TryGetValue(key, out var value) ? value : Arg(args, 1);
            case "keys":
                return new JinjaView(dict.Keys, "dict_keys");
            case "values":
                return new JinjaView(dict.Values, "dict_values");
            case "items":
                return new JinjaView(dict.Select(kv => (object?)new JinjaTuple([kv.Key, kv.Value])), "dict_items");
            case "copy":
                return new Dictionary<string, object?>(dict, StringComparer.Ordinal);
            case "update":
                foreach (var (k, v) in JinjaFilters.Pairs(Arg(args, 0)))
                {
                    dict[k] = v;
                }

                return null;
            case "pop":
                if (Arg(args, 0) is string popKey && dict.Remove(popKey, out var popped))
                {
                    return popped;
                }

                return args.Count > 1 ? args[1] : throw new JinjaRuntimeException("KeyError", JinjaValues.Repr(Arg(args, 0)));
            case "setdefault":
                var name0 = Arg(args, 0) as string ?? JinjaValues.Str(Arg(args, 0));
                if (!dict.TryGetValue(name0, out var existing))
                {
                    existing = Arg(args, 1);
                    dict[name0] = existing;
                }

                return existing;
        }

        throw JinjaRuntimeException.Undefined($"'dict object' has no attribute '{name}'", -1);
    }

    /// <summary>Builds a string of <paramref name="count"/> copies (used by filters).</summary>
    public static string Repeat(string s, int count)
    {
        var builder = new StringBuilder(s.Length * Math.Max(0, count));
        for (var i = 0; i < count; i++)
        {
            builder.Append(s);
        }

        return builder.ToString();
    }
}
