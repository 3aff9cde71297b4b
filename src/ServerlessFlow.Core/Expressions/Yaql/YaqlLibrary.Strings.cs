using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Expressions.Functions;

namespace ServerlessFlow.Core.Expressions.Yaql;

// yaql/standard_library/strings.py (and the overloads of shared names such as len and join).
internal static partial class YaqlLibrary
{
    // The error carries the call's position, so each format() call sets Error with its own.
    private static readonly PythonFormatValues FormatValues = new(
        value => PythonSemantics.Str(value, tuples: true),
        value => PythonSemantics.Repr(value, tuples: true),
        PythonSemantics.TypeName,
        value => value,
        (type, message) => new YaqlError(type, message, -1));

    private static void RegisterStrings(Dictionary<string, YaqlFunction> f)
    {
        f["str"] = call =>
        {
            call.Expect(1, 1);
            return YaqlStr(call.Value(0));
        };
        f["toUpper"] = call =>
        {
            call.Expect(1, 1);
            return call.String(0).ToUpperInvariant();
        };
        f["toLower"] = call =>
        {
            call.Expect(1, 1);
            return call.String(0).ToLowerInvariant();
        };
        f["len"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) switch
            {
                string s => (long)new StringInfoLength(s).Length,
                List<object?> list => (long)list.Count,
                Dictionary<string, object?> dict => (long)dict.Count,
                YaqlSet set => (long)set.Count,
                _ => throw call.NoMatch(),
            };
        };
        f["split"] = Split;
        f["rightSplit"] = call =>
        {
            call.Expect(1, 3, "separator", "maxSplits");
            var s = call.String(0);
            var separator = call.NullableString(1, "separator");
            var max = call.Integer(2, "maxSplits", -1);
            return PythonSplit(s, separator, max, fromRight: true, call);
        };
        f["join"] = Join;
        f["trim"] = call => Strip(call, left: true, right: true);
        f["trimLeft"] = call => Strip(call, left: true, right: false);
        f["trimRight"] = call => Strip(call, left: false, right: true);
        f["norm"] = call =>
        {
            call.Expect(1, 2, "chars");
            var value = call.Value(0);
            if (value is null)
            {
                return null;
            }

            if (value is not string s)
            {
                throw call.NoMatch();
            }

            var stripped = StripChars(s, call.NullableString(1, "chars"), true, true);
            return stripped.Length == 0 ? null : stripped;
        };
        f["isEmpty"] = call =>
        {
            call.Expect(1, 3, "trimSpaces", "trim", "chars");
            var value = call.Value(0);
            if (value is null)
            {
                return true;
            }

            if (value is not string s)
            {
                throw call.NoMatch();
            }

            var trim = call.Arg(1, "trim", null) ?? (call.TryNamed("trimSpaces", out var t) ? t : true);
            if (PythonSemantics.IsTruthy(trim))
            {
                s = StripChars(s, call.NullableString(2, "chars"), true, true);
            }

            return s.Length == 0;
        };
        f["replace"] = Replace;
        f["format"] = call =>
        {
            if (call.Count < 1)
            {
                throw call.NoMatch();
            }

            var template = call.String(0);
            var args = new List<object?>();
            for (var i = 1; i < call.Count; i++)
            {
                args.Add(call.Value(i));
            }

            var named = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var mapping in call.Mappings)
            {
                if (mapping.Key is not YaqlKeywordNode keyword)
                {
                    throw call.NoMatch();
                }

                named[keyword.Name] = mapping.Value.Evaluate(call.Ev, call.Frame);
            }

            var result = PythonStrFormat.Format(template, args, named, FormatValues with { Error = (type, message) => new YaqlError(type, message, call.Position) });
            call.Ev.CheckLength(result.Length, call.Position);
            return result;
        };
        f["substring"] = call =>
        {
            call.Expect(2, 3, "start", "length");
            var s = call.String(0);
            var start = call.Integer(1, "start", 0);
            var length = call.Integer(2, "length", -1);
            if (length < 0)
            {
                length = s.Length;
            }

            if (start < 0)
            {
                start += s.Length;
            }

            return PySlice(s, start, start + length);
        };
        f["indexOf"] = call => IndexOf(call, last: false);
        f["lastIndexOf"] = call => IndexOf(call, last: true);
        f["toCharArray"] = call =>
        {
            call.Expect(1, 1);
            var text = call.String(0);
            call.Ev.Tick(text.Length, call.Position);
            return text.Select(c => (object?)c.ToString()).ToList();
        };
        f["isString"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is string;
        };
        f["startsWith"] = call =>
        {
            var s = call.String(0);
            if (call.Count < 2)
            {
                throw call.NoMatch();
            }

            for (var i = 1; i < call.Count; i++)
            {
                if (s.StartsWith(call.String(i), StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        };
        f["endsWith"] = call =>
        {
            var s = call.String(0);
            if (call.Count < 2)
            {
                throw call.NoMatch();
            }

            for (var i = 1; i < call.Count; i++)
            {
                if (s.EndsWith(call.String(i), StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        };
        f["hex"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) switch
            {
                long l => l < 0 ? "-0x" + (-l).ToString("x", CultureInfo.InvariantCulture) : "0x" + l.ToString("x", CultureInfo.InvariantCulture),
                _ => throw call.NoMatch(),
            };
        };
    }

    /// <summary>yaql's str(): null, true and false in yaql spelling, everything else as Python's str.</summary>
    public static string YaqlStr(object? value) => value switch
    {
        null => "null",
        true => "true",
        false => "false",
        _ => PythonSemantics.Str(value, tuples: true),
    };

    // indexOf / lastIndexOf: Python's str.find / rfind over [start, start + length) for strings,
    // the first / last equal item for collections; -1 when absent.
    private static object? IndexOf(YaqlCall call, bool last)
    {
        if (call.Value(0) is string s)
        {
            call.Expect(2, 4, "sub", "start", "length");
            var sub = call.Value(1) as string ?? throw call.NoMatch();
            var start = call.Integer(2, "start", 0);
            if (call.Count == 4)
            {
                var length = call.Integer(3, "length", -1);
                if (start < 0)
                {
                    start += s.Length;
                }

                if (length < 0)
                {
                    length = s.Length - start;
                }

                return PyFind(s, sub, start, start + length, last);
            }

            return PyFind(s, sub, start, s.Length, last);
        }

        call.Expect(2, 2);
        var items = call.Iterable(0);
        var item = call.Value(1);
        var index = -1L;
        for (var i = 0; i < items.Count; i++)
        {
            if (PythonSemantics.Equals(items[i], item))
            {
                index = i;
                if (!last)
                {
                    break;
                }
            }
        }

        return index;
    }

    private static object? Split(YaqlCall call)
    {
        if (call.Count >= 2 && (call.Value(0) is YaqlRegex || call.Value(1) is YaqlRegex))
        {
            return RegexSplit(call);
        }

        call.Expect(1, 3, "separator", "maxSplits");
        var s = call.String(0);
        var separator = call.NullableString(1, "separator");
        var max = call.Integer(2, "maxSplits", -1);
        return PythonSplit(s, separator, max, fromRight: false, call);
    }

    private static YaqlPyList PythonSplit(string s, string? separator, long max, bool fromRight, YaqlCall call)
    {
        var parts = new List<string>();
        if (separator is null)
        {
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (max < 0 || words.Length <= max)
            {
                parts.AddRange(words);
            }
            else if (!fromRight)
            {
                // Split off max words from the left, keep the rest (left-trimmed) as the last part.
                var rest = s.TrimStart();
                for (var i = 0; i < max; i++)
                {
                    var end = 0;
                    while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                    {
                        end++;
                    }

                    parts.Add(rest[..end]);
                    rest = rest[end..].TrimStart();
                }

                if (rest.Length > 0)
                {
                    parts.Add(rest);
                }
            }
            else
            {
                var rest = s.TrimEnd();
                var tail = new List<string>();
                for (var i = 0; i < max; i++)
                {
                    var start = rest.Length;
                    while (start > 0 && !char.IsWhiteSpace(rest[start - 1]))
                    {
                        start--;
                    }

                    tail.Insert(0, rest[start..]);
                    rest = rest[..start].TrimEnd();
                }

                if (rest.Length > 0)
                {
                    parts.Add(rest);
                }

                parts.AddRange(tail);
            }
        }
        else
        {
            if (separator.Length == 0)
            {
                throw call.Error("ValueError", "empty separator");
            }

            if (max < 0)
            {
                parts.AddRange(s.Split(separator, StringSplitOptions.None));
            }
            else if (!fromRight)
            {
                parts.AddRange(s.Split(separator, (int)Math.Min(max + 1, int.MaxValue), StringSplitOptions.None));
            }
            else
            {
                var rest = s;
                var tail = new List<string>();
                for (var i = 0; i < max; i++)
                {
                    var at = rest.LastIndexOf(separator, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        break;
                    }

                    tail.Insert(0, rest[(at + separator.Length)..]);
                    rest = rest[..at];
                }

                parts.Add(rest);
                parts.AddRange(tail);
            }
        }

        call.Ev.Tick(parts.Count, call.Position);
        return new YaqlPyList(parts.Select(p => (object?)p));
    }

    private static object? Join(YaqlCall call)
    {
        if (call.Count == 4)
        {
            return QueryJoin(call);
        }

        call.Expect(2, 2, "separator", "sequence");
        var first = call.Value(0);
        var second = call.Value(1);
        List<object?> items;
        string separator;
        if (YaqlEvaluation.IsIterable(first) && second is string sep)
        {
            items = YaqlEvaluation.Items(first);
            separator = sep;
        }
        else if (first is string sep2 && YaqlEvaluation.IsIterable(second))
        {
            items = YaqlEvaluation.Items(second);
            separator = sep2;
        }
        else
        {
            throw call.NoMatch();
        }

        call.Ev.Tick(items.Count, call.Position);
        var result = string.Join(separator, items.Select(YaqlStr));
        call.Ev.CheckLength(result.Length, call.Position);
        return result;
    }

    private static object? Strip(YaqlCall call, bool left, bool right)
    {
        call.Expect(1, 2, "chars");
        return StripChars(call.String(0), call.NullableString(1, "chars"), left, right);
    }

    private static string StripChars(string s, string? chars, bool left, bool right)
    {
        Func<char, bool> strip = chars is null ? char.IsWhiteSpace : c => chars.Contains(c, StringComparison.Ordinal);
        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && strip(s[start]))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && strip(s[end - 1]))
            {
                end--;
            }
        }

        return s[start..end];
    }

    private static object? Replace(YaqlCall call)
    {
        var target = call.Value(0);
        if (target is string s)
        {
            if (call.Count >= 2 && call.Value(1) is YaqlRegex)
            {
                return RegexReplace(call, stringFirst: true);
            }

            if (call.Count >= 2 && call.Value(1) is Dictionary<string, object?> replacements)
            {
                call.Expect(2, 3, "count");
                var dictCount = call.Integer(2, "count", -1);
                foreach (var (key, value) in replacements)
                {
                    s = PyReplace(s, key, YaqlStr(value), dictCount);
                }

                return s;
            }

            call.Expect(3, 4, "old", "new", "count");
            var old = call.Value(1) as string ?? throw call.NoMatch();
            var replacement = call.Value(2) as string ?? throw call.NoMatch();
            var count = call.Integer(3, "count", -1);
            var result = PyReplace(s, old, replacement, count);
            call.Ev.CheckLength(result.Length, call.Position);
            return result;
        }

        if (target is YaqlRegex)
        {
            return RegexReplace(call, stringFirst: false);
        }

        // collection.replace(position, value, count)
        call.Expect(3, 4, "position", "value", "count");
        var items = call.Iterable(0);
        var position = call.Integer(1, "position", 0);
        var newValue = call.Value(2);
        return ReplaceRange(items, position, call.Integer(3, "count", 1), [newValue]);
    }

    private static string PyReplace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            if (old.Length == 0)
            {
                var b = new StringBuilder();
                b.Append(replacement);
                foreach (var c in s)
                {
                    b.Append(c).Append(replacement);
                }

                return b.ToString();
            }

            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var index = 0;
        var done = 0L;
        while (done < count)
        {
            var at = old.Length == 0 ? (index <= s.Length ? index : -1) : s.IndexOf(old, index, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            builder.Append(s, index, at - index).Append(replacement);
            if (old.Length == 0)
            {
                if (at < s.Length)
                {
                    builder.Append(s[at]);
                }

                index = at + 1;
            }
            else
            {
                index = at + old.Length;
            }

            done++;
        }

        if (index < s.Length)
        {
            builder.Append(s, index, s.Length - index);
        }

        return builder.ToString();
    }

    private static string PySlice(string s, long start, long end)
    {
        start = Math.Clamp(start, 0, s.Length);
        end = Math.Clamp(end, 0, s.Length);
        return end <= start ? string.Empty : s[(int)start..(int)end];
    }

    private static long PyFind(string s, string sub, long start, long end, bool last)
    {
        if (start < 0)
        {
            start = Math.Max(0, start + s.Length);
        }

        if (end < 0)
        {
            end = Math.Max(0, end + s.Length);
        }

        end = Math.Min(end, s.Length);
        if (start > end)
        {
            return -1;
        }

        var window = s[(int)start..(int)end];
        var at = last ? window.LastIndexOf(sub, StringComparison.Ordinal) : window.IndexOf(sub, StringComparison.Ordinal);
        return at < 0 ? -1 : at + start;
    }

    // Python's len() counts code points, not UTF-16 units.
    private readonly struct StringInfoLength
    {
        public StringInfoLength(string s)
        {
            var length = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                }

                length++;
            }

            Length = length;
        }

        public int Length { get; }
    }
}
