using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions.Functions;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja 3.1's builtin filters, reimplemented over plain values with Jinja's defaults
/// (case-insensitive sort/unique/min/max, <c>tojson</c> with sorted keys and HTML-safe escapes,
/// <c>truncate</c> leeway 5…). <c>random</c> is refused: templates here are pure.</summary>
internal static partial class JinjaFilters
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
        "first", "float", "forceescape", "format", "groupby", "indent", "int", "items", "join", "last",
        "length", "list", "lower", "map", "max", "min", "pprint", "reject", "rejectattr", "replace",
        "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags", "sum",
        "title", "tojson", "trim", "truncate", "unique", "upper", "urlencode", "wordcount", "wordwrap",
    };

    public static bool Exists(string name) => Names.Contains(name);

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([-\s({\[<]+)", RegexOptions.CultureInvariant)]
    private static partial Regex WordBeginningRegex();

    [GeneratedRegex(@"(<!--.*?-->|<[^>]*>)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex TagRegex();

    public static bool TryApply(JinjaTemplateContext context, string name, object? value, List<object?> args, Dictionary<string, object?> named, int position, out object? result)
    {
        if (!Names.Contains(name))
        {
            result = null;
            return false;
        }

        object? Arg(int index, string argName, object? fallback)
        {
            if (index < args.Count)
            {
                return JinjaValues.Defined(args[index]);
            }

            return named.TryGetValue(argName, out var v) ? JinjaValues.Defined(v) : fallback;
        }

        switch (name)
        {
            case "default" or "d":
                var fallbackValue = Arg(0, "default_value", string.Empty);
                var boolean = JinjaValues.IsTruthy(Arg(1, "boolean", false));
                result = value is JinjaUndefined || (boolean && !JinjaValues.IsTruthy(value)) ? fallbackValue : value;
                return true;
        }

        if (value is JinjaKeyValueLookup && name is "length" or "count")
        {
            throw JinjaRuntimeException.Type("object of type 'KeyValueLookup' has no len()");
        }

        value = JinjaValues.Defined(value);
        switch (name)
        {
            case "abs":
                result = value switch
                {
                    bool or long => (object)Math.Abs(JinjaValues.ToLong(value)),
                    double d => Math.Abs(d),
                    _ => throw JinjaRuntimeException.Type($"bad operand type for abs(): '{JinjaValues.TypeName(value)}'"),
                };
                return true;
            case "attr":
                result = value is JinjaLoopContext loop && Arg(0, "name", null) is string loopAttr && loop.TryGet(loopAttr, out var loopValue)
                    ? loopValue
                    : new JinjaUndefined($"{JinjaValues.ObjectDescription(value)} has no attribute '{JinjaValues.Str(Arg(0, "name", null))}'", position);
                return true;
            case "batch":
                result = Batch(context, value, ToInt(Arg(0, "linecount", null), "batch"), Arg(1, "fill_with", null), args.Count > 1 || named.ContainsKey("fill_with"));
                return true;
            case "capitalize":
                result = Capitalize(JinjaValues.Str(value));
                return true;
            case "center":
                result = Center(JinjaValues.Str(value), ToInt(Arg(0, "width", 80L), "center"));
                return true;
            case "count" or "length":
                result = value switch
                {
                    string s => (long)s.EnumerateRunes().Count(),
                    List<object?> l => (long)l.Count,
                    Dictionary<string, object?> dict => (long)dict.Count,
                    _ => throw JinjaRuntimeException.Type($"object of type '{JinjaValues.TypeName(value)}' has no len()"),
                };
                return true;
            case "dictsort":
                result = DictSort(value, JinjaValues.IsTruthy(Arg(0, "case_sensitive", false)), Arg(1, "by", "key") as string ?? "key", JinjaValues.IsTruthy(Arg(2, "reverse", false)));
                return true;
            case "e" or "escape" or "forceescape":
                result = context.CheckLength(Escape(JinjaValues.Str(value)));
                return true;
            case "first":
                var firstItems = JinjaValues.Iterate(value);
                result = firstItems.Count > 0 ? firstItems[0] : new JinjaUndefined("No first item, sequence was empty.", position);
                return true;
            case "last":
                var lastItems = JinjaValues.Iterate(value);
                result = lastItems.Count > 0 ? lastItems[^1] : new JinjaUndefined("No last item, sequence was empty.", position);
                return true;
            case "float":
                result = ToFloat(value, Arg(0, "default", 0.0));
                return true;
            case "format":
                result = context.CheckLength(PythonPercentFormat.Format(JinjaValues.Str(value), named.Count > 0 ? new Dictionary<string, object?>(named, StringComparer.Ordinal) : new JinjaTuple(args.Select(JinjaValues.Defined))));
                return true;
            case "groupby":
                result = GroupBy(context, value, Arg(0, "attribute", null), Arg(1, "default", null), JinjaValues.IsTruthy(Arg(2, "case_sensitive", false)), position);
                return true;
            case "indent":
                var width = Arg(0, "width", 4L);
                var indention = width is string w ? w : new string(' ', ToInt(width, "indent"));
                result = Indent(JinjaValues.Str(value), indention, JinjaValues.IsTruthy(Arg(1, "first", false)), JinjaValues.IsTruthy(Arg(2, "blank", false)));
                return true;
            case "int":
                result = ToInt(value, Arg(0, "default", 0L), ToInt(Arg(1, "base", 10L), "int"));
                return true;
            case "items":
                result = value is Dictionary<string, object?> itemsDict
                    ? itemsDict.Select(kv => (object?)new JinjaTuple([kv.Key, kv.Value])).ToList()
                    : value is null ? new List<object?>() : throw JinjaRuntimeException.Type("Can only get item pairs from a mapping.");
                return true;
            case "join":
                var separator = JinjaValues.Str(Arg(0, "d", string.Empty));
                var attribute = Arg(1, "attribute", null);
                var parts = JinjaValues.Iterate(value).Select(item => JinjaValues.Str(attribute is null ? item : GetPath(item, attribute, position)));
                result = context.CheckLength(string.Join(separator, parts));
                return true;
            case "list":
                result = new List<object?>(JinjaValues.Iterate(value));
                return true;
            case "lower":
                result = JinjaValues.Str(value).ToLowerInvariant();
                return true;
            case "upper":
                result = JinjaValues.PyUpper(JinjaValues.Str(value));
                return true;
            case "map":
                result = Map(context, value, args, named, position);
                return true;
            case "max" or "min":
                result = MinMax(value, name == "max", JinjaValues.IsTruthy(Arg(0, "case_sensitive", false)), Arg(1, "attribute", null), position);
                return true;
            case "pprint":
                result = JinjaValues.Repr(value);
                return true;
            case "select" or "reject":
                result = SelectItems(context, value, args, name == "select", null, position);
                return true;
            case "selectattr" or "rejectattr":
                if (args.Count == 0)
                {
                    throw JinjaRuntimeException.Type("Missing parameter for attribute name");
                }

                result = SelectItems(context, value, args.Skip(1).ToList(), name == "selectattr", JinjaValues.Defined(args[0]), position);
                return true;
            case "replace":
                var text = JinjaValues.Str(value);
                var old = JinjaValues.Str(Arg(0, "old", null));
                var replacement = JinjaValues.Str(Arg(1, "new", null));
                var count = Arg(2, "count", null);
                result = context.CheckLength(count is long limit ? ReplaceCount(text, old, replacement, limit) : old.Length == 0 ? ReplaceEmpty(text, replacement) : text.Replace(old, replacement, StringComparison.Ordinal));
                return true;
            case "reverse":
                if (value is string rs)
                {
                    var chars = JinjaValues.StringChars(rs);
                    chars.Reverse();
                    result = string.Concat(chars.Select(c => (string)c!));
                }
                else
                {
                    var reversed = new List<object?>(JinjaValues.Iterate(value));
                    reversed.Reverse();
                    result = reversed;
                }

                return true;
            case "round":
                result = Round(value, ToInt(Arg(0, "precision", 0L), "round"), Arg(1, "method", "common") as string ?? "common");
                return true;
            case "safe":
                result = value;
                return true;
            case "slice":
                result = SliceFilter(value, ToInt(Arg(0, "slices", null), "slice"), Arg(1, "fill_with", null), args.Count > 1 || named.ContainsKey("fill_with"));
                return true;
            case "sort":
                result = Sort(value, JinjaValues.IsTruthy(Arg(0, "reverse", false)), JinjaValues.IsTruthy(Arg(1, "case_sensitive", false)), Arg(2, "attribute", null), position);
                return true;
            case "string":
                result = JinjaValues.Str(value);
                return true;
            case "striptags":
                var stripped = TagRegex().Replace(JinjaValues.Str(value), string.Empty);
                result = string.Join(' ', stripped.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Replace("&#34;", "\"", StringComparison.Ordinal).Replace("&#39;", "'", StringComparison.Ordinal);
                return true;
            case "sum":
                var sumAttribute = Arg(0, "attribute", null);
                object? total = Arg(1, "start", 0L);
                foreach (var item in JinjaValues.Iterate(value))
                {
                    total = JinjaOperators.Binary(context, "+", total, sumAttribute is null ? item : GetPath(item, sumAttribute, position));
                }

                result = total;
                return true;
            case "title":
                result = Title(JinjaValues.Str(value));
                return true;
            case "tojson":
                result = ToJson(value, Arg(0, "indent", null));
                return true;
            case "trim":
                var chars2 = Arg(0, "chars", null);
                result = chars2 is string cs ? JinjaValues.Str(value).Trim(cs.ToCharArray()) : JinjaValues.Str(value).Trim();
                return true;
            case "truncate":
                result = Truncate(JinjaValues.Str(value), ToInt(Arg(0, "length", 255L), "truncate"), JinjaValues.IsTruthy(Arg(1, "killwords", false)), JinjaValues.Str(Arg(2, "end", "...")), Arg(3, "leeway", null) is long leeway ? (int)leeway : 5);
                return true;
            case "unique":
                result = Unique(value, JinjaValues.IsTruthy(Arg(0, "case_sensitive", false)), Arg(1, "attribute", null), position);
                return true;
            case "urlencode":
                result = UrlEncode(value);
                return true;
            case "wordcount":
                result = (long)WordRegex().Matches(JinjaValues.Str(value)).Count;
                return true;
            case "wordwrap":
                result = context.CheckLength(WordWrap(JinjaValues.Str(value), ToInt(Arg(0, "width", 79L), "wordwrap"), JinjaValues.IsTruthy(Arg(1, "break_long_words", true)), Arg(2, "wrapstring", null) as string ?? "\n"));
                return true;
        }

        result = null;
        return false;
    }

    private static int ToInt(object? value, string filter) => value switch
    {
        long l => (int)Math.Clamp(l, int.MinValue, int.MaxValue),
        bool b => b ? 1 : 0,
        double d => (int)d,
        _ => throw JinjaRuntimeException.Type($"{filter}: '{JinjaValues.TypeName(value)}' object cannot be interpreted as an integer"),
    };

    /// <summary>Key/value pairs of a mapping or of a list of pairs (for <c>dict()</c> and <c>update</c>).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Pairs(object? value)
    {
        value = JinjaValues.Defined(value);
        if (value is Dictionary<string, object?> dict)
        {
            return dict.ToList();
        }

        if (value is List<object?> list)
        {
            return list.Select(item => item is List<object?> { Count: 2 } pair
                ? new KeyValuePair<string, object?>(JinjaValues.Str(pair[0]), pair[1])
                : throw JinjaRuntimeException.Value("dictionary update sequence element has wrong length; 2 is required")).ToList();
        }

        throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(value)}' object is not iterable");
    }

    /// <summary>Jinja's attribute path lookup (<c>attribute='a.0.b'</c>) used by map, sort, sum…</summary>
    public static object? GetPath(object? item, object? attribute, int position)
    {
        if (attribute is long index)
        {
            return JinjaValues.Defined(JinjaAccess.GetItem(item, index, position));
        }

        foreach (var part in JinjaValues.Str(attribute).Split('.'))
        {
            item = long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? JinjaAccess.GetItem(item, i, position)
                : JinjaAccess.GetItem(item, part, position);
        }

        return item;
    }

    private static object? Lower(object? value, bool caseSensitive) => !caseSensitive && value is string s ? s.ToLowerInvariant() : value;

    private static List<object?> Sort(object? value, bool reverse, bool caseSensitive, object? attribute, int position)
    {
        var items = JinjaValues.Iterate(value);
        var keyed = items.Select(item => (Key: Lower(attribute is null ? item : JinjaValues.Defined(GetPath(item, attribute, position)), caseSensitive), Item: item)).ToList();
        var sorted = StableSort(keyed, (a, b) => JinjaValues.Compare(a.Key, b.Key, "<"));
        if (reverse)
        {
            // Python's sort(reverse=True) keeps equal items in their original order.
            sorted = StableSort(keyed, (a, b) => JinjaValues.Compare(b.Key, a.Key, "<"));
        }

        return sorted.Select(p => p.Item).ToList();
    }

    private static List<T> StableSort<T>(List<T> items, Comparison<T> comparison)
    {
        var indexed = items.Select((item, i) => (item, i)).ToList();
        try
        {
            indexed.Sort((a, b) =>
            {
                var c = comparison(a.item, b.item);
                return c != 0 ? c : a.i.CompareTo(b.i);
            });
        }
        catch (InvalidOperationException ex) when (ex.InnerException is JinjaRuntimeException inner)
        {
            // List.Sort wraps comparer failures; surface Python's TypeError itself.
            throw inner;
        }

        return indexed.Select(p => p.item).ToList();
    }

    private static List<object?> DictSort(object? value, bool caseSensitive, string by, bool reverse)
    {
        if (value is not Dictionary<string, object?> dict)
        {
            throw JinjaRuntimeException.Type("dictsort requires a mapping");
        }

        var position = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new JinjaRuntimeException("FilterArgumentError", "You can only sort by either \"key\" or \"value\""),
        };
        var pairs = dict.Select(kv => (Key: Lower(position == 0 ? kv.Key : kv.Value, caseSensitive), Item: (object?)new JinjaTuple([kv.Key, kv.Value]))).ToList();
        var sorted = StableSort(pairs, (a, b) => reverse ? JinjaValues.Compare(b.Key, a.Key, "<") : JinjaValues.Compare(a.Key, b.Key, "<"));
        return sorted.Select(p => p.Item).ToList();
    }

    private static List<object?> Unique(object? value, bool caseSensitive, object? attribute, int position)
    {
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in JinjaValues.Iterate(value))
        {
            var key = Lower(attribute is null ? item : JinjaValues.Defined(GetPath(item, attribute, position)), caseSensitive);
            if (!seen.Any(s => JinjaValues.PyEquals(s, key)))
            {
                seen.Add(key);
                result.Add(item);
            }
        }

        return result;
    }

    private static object? MinMax(object? value, bool max, bool caseSensitive, object? attribute, int position)
    {
        var items = JinjaValues.Iterate(value);
        if (items.Count == 0)
        {
            return new JinjaUndefined($"No aggregated item, sequence was empty.", position);
        }

        var best = items[0];
        var bestKey = Lower(attribute is null ? best : JinjaValues.Defined(GetPath(best, attribute, position)), caseSensitive);
        foreach (var item in items.Skip(1))
        {
            var key = Lower(attribute is null ? item : JinjaValues.Defined(GetPath(item, attribute, position)), caseSensitive);
            var c = JinjaValues.Compare(key, bestKey, max ? ">" : "<");
            if (max ? c > 0 : c < 0)
            {
                best = item;
                bestKey = key;
            }
        }

        return best;
    }

    private static List<object?> Map(JinjaTemplateContext context, object? value, List<object?> args, Dictionary<string, object?> named, int position)
    {
        var items = JinjaValues.Iterate(value);
        context.CountIteration(position, items.Count);
        var result = new List<object?>(items.Count);
        if (args.Count == 0 && named.TryGetValue("attribute", out var attribute))
        {
            var hasDefault = named.TryGetValue("default", out var fallback);
            foreach (var item in items)
            {
                var mapped = GetPath(item, JinjaValues.Defined(attribute), position);
                result.Add(mapped is JinjaUndefined && hasDefault ? fallback : mapped);
            }

            return result;
        }

        if (args.Count == 0 || JinjaValues.Defined(args[0]) is not string filter)
        {
            throw new JinjaRuntimeException("FilterArgumentError", "map requires a filter argument", position);
        }

        var rest = args.Skip(1).ToList();
        foreach (var item in items)
        {
            result.Add(context.CallFilter(filter, item, [.. rest], named, position));
        }

        return result;
    }

    private static List<object?> SelectItems(JinjaTemplateContext context, object? value, List<object?> args, bool select, object? attribute, int position)
    {
        var items = JinjaValues.Iterate(value);
        context.CountIteration(position, items.Count);
        var result = new List<object?>();
        var testName = args.Count > 0 ? JinjaValues.Defined(args[0]) as string : null;
        if (testName is not null && !JinjaTests.Exists(testName))
        {
            throw new JinjaRuntimeException("TemplateRuntimeError", $"No test named '{testName}'.", position, ExpressionErrorKind.UnknownFunction);
        }

        var testArgs = args.Skip(1).ToList();
        foreach (var item in items)
        {
            var subject = attribute is null ? item : GetPath(item, attribute, position);
            var passed = testName is null ? JinjaValues.IsTruthy(subject) : JinjaTests.Run(context, testName, subject, testArgs, position);
            if (passed == select)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static List<object?> GroupBy(JinjaTemplateContext context, object? value, object? attribute, object? fallback, bool caseSensitive, int position)
    {
        var items = JinjaValues.Iterate(value);
        context.CountIteration(position, items.Count);
        var keyed = items.Select(item =>
        {
            var key = GetPath(item, attribute, position);
            key = key is JinjaUndefined && fallback is not null ? fallback : JinjaValues.Defined(key);
            return (Key: key, Sort: Lower(key, caseSensitive), Item: item);
        }).ToList();
        var sorted = StableSort(keyed, (a, b) => JinjaValues.Compare(a.Sort, b.Sort, "<"));
        var groups = new List<object?>();
        for (var i = 0; i < sorted.Count;)
        {
            var group = new List<object?>();
            var j = i;
            while (j < sorted.Count && JinjaValues.PyEquals(sorted[j].Sort, sorted[i].Sort))
            {
                group.Add(sorted[j].Item);
                j++;
            }

            groups.Add(new JinjaTuple([sorted[i].Key, group]));
            i = j;
        }

        return groups;
    }

    private static List<object?> Batch(JinjaTemplateContext context, object? value, int lineCount, object? fill, bool hasFill)
    {
        if (lineCount <= 0)
        {
            throw JinjaRuntimeException.Value("batch size must be positive");
        }

        var items = JinjaValues.Iterate(value);
        context.CountIteration(-1, items.Count);
        var result = new List<object?>();
        List<object?> current = [];
        foreach (var item in items)
        {
            if (current.Count == lineCount)
            {
                result.Add(current);
                current = [];
            }

            current.Add(item);
        }

        if (current.Count > 0)
        {
            while (hasFill && current.Count < lineCount)
            {
                current.Add(fill);
            }

            result.Add(current);
        }

        return result;
    }

    private static List<object?> SliceFilter(object? value, int slices, object? fill, bool hasFill)
    {
        if (slices <= 0)
        {
            throw new JinjaRuntimeException("ZeroDivisionError", "integer division or modulo by zero");
        }

        var seq = JinjaValues.Iterate(value);
        var length = seq.Count;
        var perSlice = length / slices;
        var withExtra = length % slices;
        var offset = 0;
        var result = new List<object?>();
        for (var i = 0; i < slices; i++)
        {
            var start = offset + (i * perSlice);
            if (i < withExtra)
            {
                offset++;
            }

            var end = offset + ((i + 1) * perSlice);
            var tmp = seq.Skip(start).Take(end - start).ToList();
            if (hasFill && i >= withExtra)
            {
                tmp.Add(fill);
            }

            result.Add(tmp);
        }

        return result;
    }

    /// <summary>Python's int() as Jinja's <c>int</c> filter applies it.</summary>
    public static object? ToInt(object? value, object? fallback, int numberBase)
    {
        switch (value)
        {
            case bool or long:
                return JinjaValues.ToLong(value);
            case double d:
                return double.IsFinite(d) && Math.Abs(d) < 9.2e18 ? (long)Math.Truncate(d) : fallback;
            case string s:
                if (TryParseInt(s, numberBase, out var parsed))
                {
                    return parsed;
                }

                if (TryParseFloat(s, out var f) && double.IsFinite(f) && Math.Abs(f) < 9.2e18)
                {
                    return (long)Math.Truncate(f);
                }

                return fallback;
            default:
                return fallback;
        }
    }

    private static bool TryParseInt(string text, int numberBase, out long value)
    {
        value = 0;
        var s = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (numberBase is 16 or 0 && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
            numberBase = 16;
        }
        else if (numberBase is 8 or 0 && s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
            numberBase = 8;
        }
        else if (numberBase is 2 or 0 && s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
            numberBase = 2;
        }

        if (numberBase == 0)
        {
            numberBase = 10;
        }

        if (s.Length == 0 || numberBase is < 2 or > 36)
        {
            return false;
        }

        long result = 0;
        foreach (var c in s)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= numberBase)
            {
                return false;
            }

            try
            {
                result = checked((result * numberBase) + digit);
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Python's float() of a string.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        var s = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        switch (s.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            case "nan" or "+nan" or "-nan":
                value = double.NaN;
                return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && s.Length > 0 && !s.Contains(',', StringComparison.Ordinal);
    }

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        bool or long or double => JinjaValues.ToDouble(value),
        string s when TryParseFloat(s, out var d) => d,
        _ => fallback,
    };

    private static object? Round(object? value, int precision, string method)
    {
        if (method is not ("common" or "ceil" or "floor"))
        {
            throw new JinjaRuntimeException("FilterArgumentError", "method must be common, ceil or floor");
        }

        if (value is long or bool && method == "common")
        {
            return JinjaValues.ToLong(value!);
        }

        if (!JinjaValues.IsNumber(value))
        {
            throw JinjaRuntimeException.Type($"type {JinjaValues.TypeName(value)} doesn't define __round__ method");
        }

        var d = JinjaValues.ToDouble(value!);
        if (method != "common")
        {
            var factor = Math.Pow(10, precision);
            return (method == "ceil" ? Math.Ceiling(d * factor) : Math.Floor(d * factor)) / factor;
        }

        return PythonRound(d, precision);
    }

    /// <summary>Python's round(float, n): correctly rounded, ties to even on the exact binary value.</summary>
    public static double PythonRound(double d, int precision)
    {
        if (!double.IsFinite(d) || precision > 300)
        {
            return d;
        }

        if (precision < 0)
        {
            var factor = Math.Pow(10, -precision);
            return Math.Round(d / factor, MidpointRounding.ToEven) * factor;
        }

        // The exact decimal expansion (up to many digits) decides ties exactly as Python does.
        var exact = Math.Abs(d).ToString("F" + (precision + 40).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var dot = exact.IndexOf('.', StringComparison.Ordinal);
        var kept = exact[..(dot + 1 + precision)].TrimEnd('.');
        var rest = exact[(dot + 1 + precision)..];
        var roundUp = rest[0] > '5' || (rest[0] == '5' && (rest[1..].Any(c => c != '0') || IsOddLastDigit(kept)));
        var result = decimal.Parse(kept.Length == 0 ? "0" : kept, CultureInfo.InvariantCulture);
        if (roundUp)
        {
            result += precision == 0 ? 1m : 1m / (decimal)Math.Pow(10, precision);
        }

        var rounded = (double)result;
        return d < 0 ? -rounded : rounded;
    }

    private static bool IsOddLastDigit(string digits)
    {
        var last = digits.TrimEnd('.').LastOrDefault(char.IsAsciiDigit);
        return last != default && (last - '0') % 2 == 1;
    }

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Title(string s)
    {
        var builder = new StringBuilder();
        foreach (var item in WordBeginningRegex().Split(s))
        {
            if (item.Length > 0)
            {
                builder.Append(char.ToUpperInvariant(item[0])).Append(item[1..].ToLowerInvariant());
            }
        }

        return builder.ToString();
    }

    public static string Center(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }

        // Python's str.center puts the extra space on the right when the margin is odd and the length is even… exactly:
        var marg = width - s.Length;
        var left = (marg / 2) + (marg & width & 1);
        return new string(' ', left) + s + new string(' ', marg - left);
    }

    private static string Indent(string s, string indention, bool first, bool blank)
    {
        s += "\n";
        var lines = SplitLines(s);
        string rv;
        if (blank)
        {
            rv = string.Join("\n" + indention, lines);
        }
        else
        {
            rv = lines[0];
            if (lines.Count > 1)
            {
                rv += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line));
            }
        }

        return first ? indention + rv : rv;
    }

    private static List<string> SplitLines(string s)
    {
        var lines = s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static string Truncate(string s, int length, bool killWords, string end, int leeway)
    {
        if (length < end.Length)
        {
            throw new JinjaRuntimeException("AssertionError", $"expected length >= {end.Length}, got {length}");
        }

        if (leeway < 0)
        {
            throw new JinjaRuntimeException("AssertionError", $"expected leeway >= 0, got {leeway}");
        }

        if (s.Length <= length + leeway)
        {
            return s;
        }

        if (killWords)
        {
            return s[..(length - end.Length)] + end;
        }

        var head = s[..(length - end.Length)];
        var space = head.LastIndexOf(' ');
        return (space >= 0 ? head[..space] : head) + end;
    }

    private static string WordWrap(string s, int width, bool breakLongWords, string wrapString)
    {
        if (width <= 0)
        {
            // Python's textwrap refuses it too (and a zero width would never advance).
            throw new JinjaRuntimeException("ValueError", $"invalid width {width} (must be > 0)", -1);
        }

        var lines = new List<string>();
        foreach (var paragraph in SplitLines(s))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = new StringBuilder();
            foreach (var original in words)
            {
                // An offset instead of cutting the word each time: a long word costs its length, not its length squared.
                var offset = 0;
                while (breakLongWords && original.Length - offset > width)
                {
                    if (line.Length > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }

                    lines.Add(original.Substring(offset, width));
                    offset += width;
                }

                var word = offset == 0 ? original : original[offset..];

                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                if (line.Length > 0)
                {
                    line.Append(' ');
                }

                line.Append(word);
            }

            if (line.Length > 0 || words.Length == 0)
            {
                lines.Add(line.ToString());
            }
        }

        return string.Join(wrapString, lines);
    }

    /// <summary>Python's str.replace with an empty pattern: the replacement goes between every character.</summary>
    public static string ReplaceEmpty(string s, string replacement)
    {
        var builder = new StringBuilder(replacement);
        foreach (var c in s)
        {
            builder.Append(c).Append(replacement);
        }

        return builder.ToString();
    }

    private static string ReplaceCount(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? ReplaceEmpty(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var pos = 0;
        for (var n = 0; n < count; n++)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (at < 0 || old.Length == 0)
            {
                break;
            }

            builder.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
        }

        builder.Append(s, pos, s.Length - pos);
        return builder.ToString();
    }

    private static string Escape(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string UrlEncode(object? value)
    {
        if (value is Dictionary<string, object?> dict)
        {
            // Jinja quotes query-string items with for_qs=True: nothing is safe and spaces become '+'.
            return string.Join('&', dict.Select(kv => Quote(kv.Key, "").Replace("%20", "+", StringComparison.Ordinal) + "=" + Quote(JinjaValues.Str(kv.Value), "").Replace("%20", "+", StringComparison.Ordinal)));
        }

        return Quote(JinjaValues.Str(value), "/");
    }

    private static string Quote(string s, string safe)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || safe.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Jinja's tojson: json.dumps(sort_keys=True) with &lt; &gt; &amp; ' escaped for HTML.</summary>
    private static string ToJson(object? value, object? indent)
    {
        var json = PythonJson.Dumps(JinjaValues.ToPlain(value), indent is long i ? (int)i : null, sortKeys: true, ensureAscii: true);
        return json.Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal)
            .Replace("'", "\\u0027", StringComparison.Ordinal);
    }
}
