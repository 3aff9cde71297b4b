using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Expressions.Yaql;

// yaql/standard_library/regex.py and branching.py, plus let() from system.py.
internal static partial class YaqlLibrary
{
    private static void RegisterRegex(Dictionary<string, YaqlFunction> f)
    {
        f["regex"] = call =>
        {
            call.Expect(1, 4, "ignoreCase", "multiLine", "dotAll");
            var pattern = call.String(0);
            var options = RegexOptions.None;
            if (PythonSemantics.IsTruthy(call.Arg(1, "ignoreCase", false)))
            {
                options |= RegexOptions.IgnoreCase;
            }

            if (PythonSemantics.IsTruthy(call.Arg(2, "multiLine", false)))
            {
                options |= RegexOptions.Multiline;
            }

            if (PythonSemantics.IsTruthy(call.Arg(3, "dotAll", false)))
            {
                options |= RegexOptions.Singleline;
            }

            return new YaqlRegex(pattern, call.Ev.Regexes.Get(pattern, options, call.Ev.Limits.RegexTimeout, call.Position));
        };
        f["matches"] = call =>
        {
            call.Expect(2, 2);
            var (regex, text) = RegexAndString(call);
            return YaqlRegexCache.IsMatch(regex, text, call.Position);
        };
        f["search"] = call =>
        {
            call.Expect(2, 3);
            var (regex, text) = RegexAndString(call);
            var match = Run(call, () => regex.Match(text));
            if (!match.Success)
            {
                return null;
            }

            return call.Count > 2 ? PublishMatch(call, regex, match, 2) : match.Value;
        };
        f["searchAll"] = call =>
        {
            call.Expect(2, 3);
            var (regex, text) = RegexAndString(call);
            var result = new YaqlIteratorList();
            var match = Run(call, () => regex.Match(text));
            while (match.Success)
            {
                call.Ev.Tick(1, call.Position);
                result.Add(call.Count > 2 ? PublishMatch(call, regex, match, 2) : match.Value);
                var current = match;
                match = Run(call, current.NextMatch);
            }

            return result;
        };
        f["escapeRegex"] = call =>
        {
            call.Expect(1, 1);
            return PythonEscape(call.String(0));
        };
        f["isRegex"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is YaqlRegex;
        };
        f["replaceBy"] = call =>
        {
            call.Expect(3, 4, "count");
            var (regex, text) = RegexAndString(call);
            var count = call.Integer(3, "count", 0);
            var done = 0L;
            return Run(call, () => regex.Replace(text, m =>
            {
                if (count > 0 && done >= count)
                {
                    return m.Value;
                }

                done++;
                return PythonSemantics.Str(PublishMatch(call, regex, m, 2), tuples: true);
            }));
        };
    }

    private static void RegisterBranching(Dictionary<string, YaqlFunction> f)
    {
        f["switch"] = call =>
        {
            if (call.Count > 0)
            {
                throw call.NoMatch();
            }

            foreach (var mapping in call.Mappings)
            {
                if (PythonSemantics.IsTruthy(mapping.Key.Evaluate(call.Ev, call.Frame)))
                {
                    return mapping.Value.Evaluate(call.Ev, call.Frame);
                }
            }

            return null;
        };
        f["selectCase"] = call =>
        {
            for (var i = 0; i < call.Count; i++)
            {
                if (PythonSemantics.IsTruthy(call.Value(i)))
                {
                    return (long)i;
                }
            }

            return (long)call.Count;
        };
        f["selectAllCases"] = call =>
        {
            var result = new YaqlIteratorList();
            for (var i = 0; i < call.Count; i++)
            {
                if (PythonSemantics.IsTruthy(call.Value(i)))
                {
                    result.Add((long)i);
                }
            }

            return result;
        };
        f["examine"] = call => new YaqlIteratorList(Enumerable.Range(0, call.Count).Select(i => (object?)PythonSemantics.IsTruthy(call.Value(i))));
        f["switchCase"] = call =>
        {
            var selected = call.Value(0) is long l ? l : throw call.NoMatch();
            var cases = call.Count - 1;
            if (cases == 0)
            {
                return null;
            }

            return call.Value(selected >= 0 && selected < cases ? (int)selected + 1 : call.Count - 1);
        };
        f["coalesce"] = call =>
        {
            for (var i = 0; i < call.Count; i++)
            {
                var value = call.Value(i);
                if (value is not null)
                {
                    return value;
                }
            }

            return null;
        };
        f["let"] = call =>
        {
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < call.Count; i++)
            {
                variables["$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = call.Value(i);
            }

            foreach (var mapping in call.Mappings)
            {
                if (mapping.Key.Evaluate(call.Ev, call.Frame) is not string name)
                {
                    throw call.NoMatch();
                }

                variables["$" + name] = mapping.Value.Evaluate(call.Ev, call.Frame);
            }

            return new YaqlLetContext(variables);
        };
    }

    private static (Regex Regex, string Text) RegexAndString(YaqlCall call)
    {
        var first = call.Value(0);
        var second = call.Value(1);
        return (first, second) switch
        {
            (YaqlRegex r, string s) => (r.Regex, s),
            (string s, YaqlRegex r) => (r.Regex, s),
            (string s, string pattern) when call.Name == "matches" => (call.Ev.Regexes.Get(pattern, RegexOptions.None, call.Ev.Limits.RegexTimeout, call.Position), s),
            _ => throw call.NoMatch(),
        };
    }

    private static object? RegexSplit(YaqlCall call)
    {
        call.Expect(2, 3, "maxSplit");
        var (regex, text) = RegexAndString(call);
        var max = call.Integer(2, "maxSplit", 0);
        var parts = new YaqlPyList();
        var last = 0;
        var splits = 0L;
        var match = Run(call, () => regex.Match(text));
        while (match.Success && (max <= 0 || splits < max))
        {
            parts.Add(text[last..match.Index]);
            for (var g = 1; g < match.Groups.Count; g++)
            {
                parts.Add(match.Groups[g].Success ? match.Groups[g].Value : null);
            }

            last = match.Index + match.Length;
            splits++;
            var current = match;
            match = Run(call, current.NextMatch);
        }

        parts.Add(text[last..]);
        return parts;
    }

    private static object? RegexReplace(YaqlCall call, bool stringFirst)
    {
        call.Expect(3, 4, "count");
        var (regex, text) = RegexAndString(call);
        var replacement = call.Value(2) as string ?? throw call.NoMatch();
        var count = call.Integer(3, "count", 0);
        // Both call forms exist in yaql: regex.replace(string, …) and string.replace(regex, …).
        var translated = YaqlRegexCache.TranslateReplacement(replacement);
        _ = stringFirst;
        return Run(call, () => count > 0 ? regex.Replace(text, translated, (int)Math.Min(count, int.MaxValue)) : regex.Replace(text, translated));
    }

    private static object? PublishMatch(YaqlCall call, Regex regex, Match match, int selectorIndex)
    {
        var frame = new YaqlFrame(call.Frame);
        frame.Set("$1", MatchRecord(match.Groups[0]));
        for (var g = 1; g < match.Groups.Count; g++)
        {
            frame.Set("$" + (g + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), MatchRecord(match.Groups[g]));
        }

        foreach (var name in regex.GetGroupNames())
        {
            if (!int.TryParse(name, out _))
            {
                // yaql 2.0 iterates groupdict().values() as (key, value) pairs, so named groups fail
                // with the Python error that unpacking the group's text produces.
                var text = match.Groups[name].Success ? match.Groups[name].Value : null;
                throw text switch
                {
                    null => call.Error("TypeError", "cannot unpack non-iterable NoneType object"),
                    { Length: 2 } => call.Error("IndexError", "no such group"),
                    { Length: > 2 } => call.Error("ValueError", "too many values to unpack (expected 2)"),
                    _ => call.Error("ValueError", $"not enough values to unpack (expected 2, got {text.Length})"),
                };
            }
        }

        call.Ev.Tick(1, call.Position);
        var selector = call.Count > selectorIndex ? SelectorNode(call, selectorIndex) : null;
        return selector is null ? match.Value : selector.Evaluate(call.Ev, frame);
    }

    private static YaqlNode? SelectorNode(YaqlCall call, int index)
    {
        return call.PositionalNode(index);
    }

    private static Dictionary<string, object?> MatchRecord(Group group) => new(StringComparer.Ordinal)
    {
        ["value"] = group.Success ? group.Value : null,
        ["start"] = group.Success ? (long)group.Index : -1L,
        ["end"] = group.Success ? (long)(group.Index + group.Length) : -1L,
    };

    private static T Run<T>(YaqlCall call, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new YaqlError("LimitExceeded", $"Regular expression timed out after {ex.MatchTimeout.TotalMilliseconds} ms", call.Position, ExpressionErrorKind.Limit);
        }
    }

    // Python's re.escape (3.7+): escapes only regex metacharacters and whitespace.
    private static string PythonEscape(string s)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in s)
        {
            if ("()[]{}?*+-|^$\\.&~# \t\n\r\v\f".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
