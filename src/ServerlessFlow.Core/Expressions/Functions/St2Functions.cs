using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>
/// StackStorm's expression functions (<c>st2common/expressions/functions/{data,regex,version,path,time}.py</c>),
/// shared by YAQL and Jinja (where each is also a filter): to_json_string / json_dump,
/// to_yaml_string / yaml_dump, from_json_string / json_parse, from_yaml_string / yaml_parse,
/// to_complex, json_escape, jsonpath_query, use_none, regex_match / replace / search / substring,
/// version_compare / more_than / less_than / equal / match / bump_major / bump_minor /
/// bump_patch / strip_patch, basename, dirname, to_human_time_from_seconds.
/// Python regular expressions run on .NET's engine with the caller's timeout (no ReDoS hang).
/// </summary>
public static partial class St2Functions
{
    /// <summary>st2's marker that <c>use_none</c> returns for None (turned back into null by the action runner).</summary>
    public const string NoneMagicValue = "%*****__%NONE%__*****%";

    /// <summary>Adds every st2 function to <paramref name="registry"/>.</summary>
    public static void Register(ExpressionFunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add("to_json_string", ToJsonString);
        registry.Add("json_dump", ToJsonString);
        registry.Add("to_yaml_string", ToYamlString);
        registry.Add("yaml_dump", ToYamlString);
        registry.Add("from_json_string", FromJsonString);
        registry.Add("json_parse", FromJsonString);
        registry.Add("from_yaml_string", FromYamlString);
        registry.Add("yaml_parse", FromYamlString);
        registry.Add("to_complex", call => PythonJson.Dumps(Arg(call, 0, "value")));
        registry.Add("json_escape", call => PythonJson.Dumps(Arg(call, 0, "value")).Trim('"'));
        registry.Add("jsonpath_query", JsonPathQuery);
        registry.Add("use_none", call => Arg(call, 0, "value") ?? NoneMagicValue);
        registry.Add("regex_match", call => RegexTest(call, anchored: true));
        registry.Add("regex_search", call => RegexTest(call, anchored: false));
        registry.Add("regex_replace", RegexReplace);
        registry.Add("regex_substring", RegexSubstring);
        registry.Add("version_compare", call => (long)SemanticVersion.Parse(VersionArg(call)).CompareTo(SemanticVersion.Parse(StringArg(call, 1, "pattern"))));
        registry.Add("version_more_than", call => SemanticVersion.Parse(VersionArg(call)).CompareTo(SemanticVersion.Parse(StringArg(call, 1, "pattern"))) == 1);
        registry.Add("version_less_than", call => SemanticVersion.Parse(VersionArg(call)).CompareTo(SemanticVersion.Parse(StringArg(call, 1, "pattern"))) == -1);
        registry.Add("version_equal", call => SemanticVersion.Parse(VersionArg(call)).CompareTo(SemanticVersion.Parse(StringArg(call, 1, "pattern"))) == 0);
        registry.Add("version_match", call => SemanticVersion.Parse(VersionArg(call)).Match(StringArg(call, 1, "pattern")));
        registry.Add("version_bump_major", call => SemanticVersion.Parse(VersionArg(call)).BumpMajor());
        registry.Add("version_bump_minor", call => SemanticVersion.Parse(VersionArg(call)).BumpMinor());
        registry.Add("version_bump_patch", call => SemanticVersion.Parse(VersionArg(call)).BumpPatch());
        registry.Add("version_strip_patch", call => SemanticVersion.Parse(VersionArg(call)).StripPatch());
        registry.Add("basename", call => Basename(StringArg(call, 0, "path")));
        registry.Add("dirname", call => Dirname(StringArg(call, 0, "path")));
        registry.Add("to_human_time_from_seconds", ToHumanTime);
    }

    private static ExpressionException Error(string pythonType, string message) =>
        new(ExpressionErrorKind.Evaluation, pythonType + ": " + message, string.Empty, 0);

    private static object? Arg(FunctionCall call, int index, string name, object? fallback = null)
    {
        if (index < call.Arguments.Count)
        {
            return call.Arguments[index];
        }

        return call.NamedArguments.TryGetValue(name, out var value) ? value : fallback;
    }

    private static bool HasArg(FunctionCall call, int index, string name) => index < call.Arguments.Count || call.NamedArguments.ContainsKey(name);

    private static string StringArg(FunctionCall call, int index, string name)
    {
        if (!HasArg(call, index, name))
        {
            throw Error("TypeError", $"{call.Name}() missing required positional argument: '{name}'");
        }

        return Arg(call, index, name) switch
        {
            string s => s,
            var other => throw Error("TypeError", $"{call.Name}(): argument '{name}' must be str, not {PythonTypeName(other)}"),
        };
    }

    private static string VersionArg(FunctionCall call) => StringArg(call, 0, "value");

    /// <summary>Python's str() of a plain value (for functions that coerce their input).</summary>
    private static string PythonStr(object? value) => value is string s ? s : PythonRepr(value);

    private static string PythonRepr(object? value)
    {
        switch (value)
        {
            case null: return "None";
            case bool b: return b ? "True" : "False";
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return PythonFloat.Repr(d);
            case string s:
                var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
                var builder = new StringBuilder().Append(quote);
                foreach (var c in s)
                {
                    builder.Append(c switch
                    {
                        '\\' => "\\\\",
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        _ when c == quote => "\\" + c,
                        _ when c < 0x20 || c == 0x7f => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                        _ => c.ToString(),
                    });
                }

                return builder.Append(quote).ToString();
            case List<object?> list: return "[" + string.Join(", ", list.Select(PythonRepr)) + "]";
            case Dictionary<string, object?> dict: return "{" + string.Join(", ", dict.Select(kv => PythonRepr(kv.Key) + ": " + PythonRepr(kv.Value))) + "}";
            default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    private static string PythonTypeName(object? value) => PythonValues.TypeName(value) ?? "object";

    // ---- data ----

    private static object? ToJsonString(FunctionCall call)
    {
        var value = Arg(call, 0, "value");
        var indent = Arg(call, 1, "indent");
        var sortKeys = Arg(call, 2, "sort_keys", false);
        var separators = Arg(call, 3, "separators", new List<object?> { ",", ": " });
        string? item = null;
        string? key = null;
        if (separators is List<object?> { Count: 2 } pair && pair[0] is string a && pair[1] is string b)
        {
            item = a;
            key = b;
        }
        else if (separators is not null)
        {
            throw Error("ValueError", "separators must be a (item_separator, key_separator) pair");
        }

        int? indentValue = indent switch
        {
            null => null,
            long l => (int)Math.Clamp(l, 0, 64),
            _ => throw Error("TypeError", "indent must be an integer"),
        };
        return PythonJson.Dumps(value, indentValue, sortKeys is true, ensureAscii: true, item, key);
    }

    private static object? ToYamlString(FunctionCall call)
    {
        var indent = Arg(call, 1, "indent");
        return PythonYaml.SafeDump(Arg(call, 0, "value"), indent is long l ? (int)Math.Clamp(l, 2, 9) : 2);
    }

    private static object? FromJsonString(FunctionCall call)
    {
        var text = PythonStr(Arg(call, 0, "value"));
        if (!JsonText.TryParse(text, out var value, out var error))
        {
            throw Error("JSONDecodeError", error ?? "invalid JSON");
        }

        return value;
    }

    private static object? FromYamlString(FunctionCall call)
    {
        var text = PythonStr(Arg(call, 0, "value"));
        var result = YamlValueReader.Read(text);
        var problem = result.Problems.FirstOrDefault(p => p.IsError);
        if (problem is not null)
        {
            throw Error("ParserError", problem.Message);
        }

        return result.Value;
    }

    private static object? JsonPathQuery(FunctionCall call)
    {
        var value = Arg(call, 0, "value");
        var query = StringArg(call, 1, "query");
        var matches = JsonPath.Find(value, query, call.Limits);
        return matches.Count == 0 ? null : matches;
    }

    // ---- regex ----

    private static Regex CompilePython(string pattern, bool ignoreCase, ExpressionLimits limits, bool anchored = false)
    {
        var translated = TranslatePattern(pattern);
        var timeout = limits.RegexTimeout > TimeSpan.Zero ? limits.RegexTimeout : TimeSpan.FromSeconds(1);
        try
        {
            return new Regex(anchored ? @"\G(?:" + translated + ")" : translated, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), timeout);
        }
        catch (ArgumentException ex)
        {
            throw Error("error", ex.Message);
        }
    }

    // Python-only syntax: (?P<name>…) and (?P=name).
    private static string TranslatePattern(string pattern) =>
        pattern.Replace("(?P<", "(?<", StringComparison.Ordinal).Replace("(?P=", @"\k<", StringComparison.Ordinal) is var p && p.Contains(@"\k<", StringComparison.Ordinal)
            ? NamedBackReference().Replace(p, @"\k<$1>")
            : p;

    [GeneratedRegex(@"\\k<(\w+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex NamedBackReference();

    private static string Subject(FunctionCall call) => PythonStr(Arg(call, 0, "value"));

    private static T Timed<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, "RegexTimeout: the regular expression took longer than the limit (catastrophic backtracking?).", string.Empty, 0);
        }
    }

    private static object? RegexTest(FunctionCall call, bool anchored)
    {
        var subject = Subject(call);
        var regex = CompilePython(StringArg(call, 1, "pattern"), Arg(call, 2, "ignorecase") is true, call.Limits, anchored);
        return Timed(() => anchored ? regex.Match(subject, 0).Success : regex.IsMatch(subject));
    }

    private static object? RegexReplace(FunctionCall call)
    {
        var subject = Subject(call);
        var regex = CompilePython(StringArg(call, 1, "pattern"), Arg(call, 3, "ignorecase") is true, call.Limits);
        var replacement = StringArg(call, 2, "replacement");
        var result = Timed(() => regex.Replace(subject, match => ExpandPythonReplacement(replacement, match)));
        if (result.Length > call.Limits.MaxOutputLength)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, "regex_replace: the result exceeds the output limit.", string.Empty, 0);
        }

        return result;
    }

    // Python's re.sub template: \1…\99, \g<1>, \g<name>, and the usual escapes.
    private static string ExpandPythonReplacement(string template, Match match)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '\\' || i + 1 >= template.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = template[++i];
            if (char.IsAsciiDigit(next))
            {
                var digits = next.ToString();
                if (i + 1 < template.Length && char.IsAsciiDigit(template[i + 1]))
                {
                    digits += template[++i];
                }

                builder.Append(Group(match, digits));
            }
            else if (next == 'g' && i + 1 < template.Length && template[i + 1] == '<')
            {
                var close = template.IndexOf('>', i);
                if (close < 0)
                {
                    throw Error("error", "missing >, unterminated name");
                }

                builder.Append(Group(match, template[(i + 2)..close]));
                i = close;
            }
            else
            {
                builder.Append(next switch
                {
                    'n' => "\n",
                    't' => "\t",
                    'r' => "\r",
                    '\\' => "\\",
                    'a' => "\a",
                    'f' => "\f",
                    'v' => "\v",
                    _ => "\\" + next,
                });
            }
        }

        return builder.ToString();
    }

    private static string Group(Match match, string name)
    {
        var group = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (number < match.Groups.Count ? match.Groups[number] : throw Error("error", $"invalid group reference {number}"))
            : match.Groups[name];
        if (!group.Success && !int.TryParse(name, out _) && !match.Groups.ContainsKey(name))
        {
            throw Error("IndexError", $"unknown group name '{name}'");
        }

        return group.Success ? group.Value : string.Empty;
    }

    private static object? RegexSubstring(FunctionCall call)
    {
        var subject = Subject(call);
        var regex = CompilePython(StringArg(call, 1, "pattern"), Arg(call, 3, "ignorecase") is true, call.Limits);
        var index = Arg(call, 2, "result_index", 0L) is long l ? l : throw Error("TypeError", "list indices must be integers or slices");
        var matches = Timed(() => regex.Matches(subject).Cast<Match>().ToList());
        var groupCount = regex.GetGroupNumbers().Length - 1;
        var found = matches.Select(m => groupCount switch
        {
            0 => (object?)m.Value,
            1 => m.Groups[1].Value,
            _ => Enumerable.Range(1, groupCount).Select(g => (object?)m.Groups[g].Value).ToList(),
        }).ToList();
        if (index < 0)
        {
            index += found.Count;
        }

        if (index < 0 || index >= found.Count)
        {
            throw Error("IndexError", "list index out of range");
        }

        return found[(int)index];
    }

    // ---- path ----

    /// <summary>Python's posixpath.basename.</summary>
    public static string Basename(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Python's posixpath.dirname.</summary>
    public static string Dirname(string path)
    {
        var i = path.LastIndexOf('/') + 1;
        var head = path[..i];
        if (head.Length > 0 && head != new string('/', head.Length))
        {
            head = head.TrimEnd('/');
        }

        return head;
    }

    // ---- time ----

    private static object? ToHumanTime(FunctionCall call)
    {
        var value = Arg(call, 0, "seconds");
        if (value is not (long or double or bool))
        {
            throw Error("AssertionError", string.Empty);
        }

        if (value is long or bool)
        {
            var seconds = value is bool b ? (b ? 1L : 0L) : (long)value;
            if (seconds == 0)
            {
                return "0s";
            }

            if (seconds < 1)
            {
                return seconds.ToString(CultureInfo.InvariantCulture) + "\u03BCs";
            }

            return HumanTime(seconds);
        }

        var d = (double)value;
        if (d == 0)
        {
            return "0s";
        }

        if (d < 1)
        {
            return PythonFloat.Repr(d) + "\u03BCs";
        }

        return HumanTime((long)Math.Round(d, MidpointRounding.ToEven));
    }

    private static string HumanTime(long seconds)
    {
        DateTime date;
        try
        {
            date = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Error("OverflowError", "date value out of range");
        }

        long[] parts = [date.Year - 1, date.Day - 1, date.Hour, date.Minute, date.Second];
        var first = Array.FindIndex(parts, p => p != 0);
        if (first < 0)
        {
            return "0s";
        }

        var units = new[] { "y", "d", "h", "m", "s" };
        var kept = parts[first..];
        // st2 names the parts by how many there are, not by which they are (a quirk kept as is).
        var names = units[(units.Length - kept.Length)..];
        var builder = new StringBuilder();
        for (var i = 0; i < kept.Length; i++)
        {
            builder.Append(kept[i].ToString(CultureInfo.InvariantCulture)).Append(names[i]);
        }

        return builder.ToString();
    }
}
