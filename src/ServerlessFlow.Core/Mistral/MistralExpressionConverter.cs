using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Mistral;

/// <summary>Rewrites Mistral expressions as Orquesta's, where the mapping is one to one: the context root (<c>$</c> in YAQL,
/// <c>_</c> in Jinja) becomes <c>ctx()</c>, a with-items variable <c>item(name)</c>, <c>task(t).result</c> of the task being
/// published <c>result()</c> (of another task <c>task('t').result</c>), and st2's <c>env()</c> / <c>execution()</c> ids
/// <c>ctx().st2.*</c>. String literals are copied as they are; <c>$</c> inside a lambda (<c>select($.x)</c>) is the item in
/// both languages and stays. Anything else it cannot map is reported through <c>note</c>.</summary>
internal sealed partial class MistralExpressionConverter
{
    private static readonly HashSet<string> LambdaMethods = new(StringComparer.Ordinal)
    {
        "select", "where", "selectMany", "any", "all", "orderBy", "orderByDescending", "thenBy", "thenByDescending",
        "groupBy", "distinct", "sum", "max", "min", "first", "single", "last", "indexWhere", "takeWhile", "skipWhile",
        "toDict", "aggregate", "zipWith", "indexOf", "lastIndexWhere", "join", "sequence", "count", "firstOrDefault",
    };

    private readonly Action<string> note;

    public MistralExpressionConverter(Action<string> note) => this.note = note;

    /// <summary>The task whose result <c>task(name).result</c> means <c>result()</c> here (its own publish and transitions).</summary>
    public string? CurrentTask { get; set; }

    /// <summary>With-items variables of the current task.</summary>
    public IReadOnlySet<string> ItemVariables { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    [GeneratedRegex(@"<%(?<y>.*?)%>|\{\{(?<j>.*?)\}\}|\{%(?<s>.*?)%\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Segments();

    /// <summary>True when the text holds an expression.</summary>
    public static bool HasExpression(string text) => Segments().IsMatch(text);

    /// <summary>Converts every expression in <paramref name="text"/>; the rest of the text is kept.</summary>
    public string Convert(string text) =>
        Segments().Replace(text, m =>
            m.Groups["y"].Success ? "<%" + Rewrite(m.Groups["y"].Value, '$') + "%>"
            : m.Groups["j"].Success ? "{{" + Rewrite(m.Groups["j"].Value, '_') + "}}"
            : "{%" + Rewrite(m.Groups["s"].Value, '_') + "%}");

    /// <summary>Converts a value of any shape (strings inside lists and mappings too).</summary>
    public object? ConvertValue(object? value) => value switch
    {
        string s => Convert(s),
        List<object?> list => list.Select(ConvertValue).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => ConvertValue(kv.Value), StringComparer.Ordinal),
        _ => value,
    };

    private string Rewrite(string expression, char root)
    {
        var output = new StringBuilder(expression.Length + 16);
        var frames = new Stack<bool>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '\'' or '"' or '`')
            {
                var end = i + 1;
                while (end < expression.Length && expression[end] != c)
                {
                    end += expression[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(end + 1, expression.Length);
                output.Append(expression, i, end - i);
                i = end;
                continue;
            }

            if (c == '(')
            {
                frames.Push(LambdaMethods.Contains(PreviousIdentifier(expression, i)));
                output.Append(c);
                i++;
                continue;
            }

            if (c == ')')
            {
                if (frames.Count > 0)
                {
                    frames.Pop();
                }

                output.Append(c);
                i++;
                continue;
            }

            var inLambda = frames.Contains(true);
            if (c == root && !IsIdentifierChar(At(expression, i - 1)) && At(expression, i - 1) != '$' && !(root == '_' && IsIdentifierChar(At(expression, i + 1))))
            {
                if (At(expression, i + 1) == '.' && IsIdentifierStart(At(expression, i + 2)))
                {
                    var (name, after) = Identifier(expression, i + 2);
                    if (root == '$' && inLambda)
                    {
                        output.Append(expression, i, after - i);
                    }
                    else if (ItemVariables.Contains(name))
                    {
                        output.Append("item(").Append(name).Append(')');
                    }
                    else if (name == "__env")
                    {
                        output.Append(Environment(expression, ref after, "$.__env"));
                    }
                    else
                    {
                        output.Append("ctx().").Append(name);
                    }

                    i = after;
                    continue;
                }

                if (root == '$' && inLambda)
                {
                    output.Append(c);
                }
                else
                {
                    output.Append("ctx()");
                }

                i++;
                continue;
            }

            if (IsIdentifierStart(c) && !IsIdentifierChar(At(expression, i - 1)) && At(expression, i - 1) != '.')
            {
                var (name, after) = Identifier(expression, i);
                if (name == "task" && At(expression, after) == '(')
                {
                    i = Task(expression, after, output, root);
                    continue;
                }

                if (name is "env" or "execution" && expression.AsSpan(after).StartsWith("()", StringComparison.Ordinal))
                {
                    var end = after + 2;
                    output.Append(name == "env" ? Environment(expression, ref end, "env()") : Execution(expression, ref end));
                    i = end;
                    continue;
                }

                output.Append(name);
                i = after;
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    /// <summary><c>task(name)…</c>: of the current task <c>.result</c> is <c>result()</c>; another task's record is
    /// <c>task('name')</c> (st2's Orquesta function: status, result…).</summary>
    private int Task(string expression, int open, StringBuilder output, char root)
    {
        var close = expression.IndexOf(')', open);
        if (close < 0)
        {
            output.Append("task");
            return open;
        }

        var argument = expression[(open + 1)..close].Trim();
        var name = argument.Trim('\'', '"');
        if (argument.Length == 0)
        {
            name = CurrentTask ?? string.Empty;
        }

        var rest = close + 1;
        if (expression.AsSpan(rest).StartsWith(".result", StringComparison.Ordinal) && !IsIdentifierChar(At(expression, rest + 7)) && name == CurrentTask)
        {
            output.Append("result()");
            return rest + 7;
        }

        if (!expression.AsSpan(rest).StartsWith(".result", StringComparison.Ordinal))
        {
            note($"'task({argument})' without '.result' (Mistral's task state and other fields) has no Orquesta equivalent; use task('{name}').status or published variables");
        }

        output.Append("task('").Append(name).Append("')");
        return rest;
    }

    private string Environment(string expression, ref int after, string shown)
    {
        if (At(expression, after) == '.' && IsIdentifierStart(At(expression, after + 1)))
        {
            var (field, end) = Identifier(expression, after + 1);
            var mapped = field switch
            {
                "st2_execution_id" or "st2_liveaction_id" => "ctx().st2.action_execution_id",
                "st2_action_api_url" => "ctx().st2.api_url",
                _ => null,
            };
            if (mapped is not null)
            {
                after = end;
                return mapped;
            }

            note($"'{shown}.{field}' (Mistral's environment) has no Orquesta equivalent");
            after = end;
            return shown + "." + field;
        }

        note($"'{shown}' (Mistral's environment) has no Orquesta equivalent; st2's values are under ctx().st2");
        return shown;
    }

    private string Execution(string expression, ref int after)
    {
        if (expression.AsSpan(after).StartsWith(".id", StringComparison.Ordinal) && !IsIdentifierChar(At(expression, after + 3)))
        {
            after += 3;
            return "ctx().st2.action_execution_id";
        }

        note("'execution()' (Mistral's execution record) has no Orquesta equivalent; the execution id is ctx().st2.action_execution_id");
        return "execution()";
    }

    private static string PreviousIdentifier(string text, int index)
    {
        var end = index;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && IsIdentifierChar(text[start - 1]))
        {
            start--;
        }

        return text[start..end];
    }

    private static (string Name, int After) Identifier(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsIdentifierChar(text[end]))
        {
            end++;
        }

        return (text[start..end], end);
    }

    private static char At(string text, int index) => index >= 0 && index < text.Length ? text[index] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
