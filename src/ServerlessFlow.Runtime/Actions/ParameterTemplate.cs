using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>Renders <c>{{ name }}</c> references between an action's parameters (StackStorm lets a default refer to other
/// parameters, e.g. core.echo's <c>cmd: echo "{{message}}"</c>). Only plain references (<c>name</c>, <c>name.key</c>) are rendered
/// here; anything richer needs the Jinja engine and gets a clear error until it is wired in.</summary>
public static partial class ParameterTemplate
{
    [GeneratedRegex(@"\{\{\s*(?<expr>.*?)\s*\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReferencePattern();

    /// <summary>True when the text holds a Jinja expression or statement.</summary>
    public static bool HasExpression(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>The parameter names a template refers to.</summary>
    public static IEnumerable<string> References(string template) =>
        ExpressionPattern().Matches(template).Select(m => m.Groups["expr"].Value.Split('.')[0]);

    /// <summary>Renders a template: a template that is exactly one expression keeps the value's type; otherwise a string.</summary>
    public static object? Render(string template, string parameterName, Func<string, object?> lookup)
    {
        RejectStatements(template, parameterName);
        var matches = ExpressionPattern().Matches(template);
        if (matches.Count == 1 && matches[0].Index == 0 && matches[0].Length == template.Length)
        {
            return Evaluate(matches[0].Groups["expr"].Value, parameterName, lookup);
        }

        var output = new StringBuilder();
        var last = 0;
        foreach (Match match in matches)
        {
            output.Append(template, last, match.Index - last);
            output.Append(RunnerParameters.Text(Evaluate(match.Groups["expr"].Value, parameterName, lookup) ?? string.Empty));
            last = match.Index + match.Length;
        }

        output.Append(template, last, template.Length - last);
        return output.ToString();
    }

    /// <summary>Renders a shell command template without ever putting a value into the shell text: each expression becomes a
    /// reference to an environment variable holding its value, quoted for the spot it is in (inside double quotes
    /// <c>${V}</c>, inside single quotes <c>'"${V}"'</c>, bare <c>"${V}"</c>). The shell expands variables but never re-parses
    /// their contents, so <c>"; rm -rf /</c> in a value stays text.</summary>
    public static (string Command, Dictionary<string, string> Environment) RenderShellCommand(string template, string parameterName, Func<string, object?> lookup)
    {
        RejectStatements(template, parameterName);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new StringBuilder();
        var last = 0;
        var quote = '\0';
        foreach (Match match in ExpressionPattern().Matches(template))
        {
            quote = ScanQuotes(template, last, match.Index, quote);
            output.Append(template, last, match.Index - last);
            var variable = "SFLOW_PARAM_" + environment.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment[variable] = RunnerParameters.Text(Evaluate(match.Groups["expr"].Value, parameterName, lookup) ?? string.Empty);
            output.Append(quote switch
            {
                '"' => "${" + variable + "}",
                '\'' => "'\"${" + variable + "}\"'",
                _ => "\"${" + variable + "}\"",
            });
            last = match.Index + match.Length;
        }

        output.Append(template, last, template.Length - last);
        return (output.ToString(), environment);
    }

    private static char ScanQuotes(string text, int start, int end, char quote)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            switch (quote)
            {
                case '\0' when c == '\\':
                    i++;
                    break;
                case '\0' when c is '"' or '\'':
                    quote = c;
                    break;
                case '"' when c == '\\':
                    i++;
                    break;
                case '"' when c == '"':
                case '\'' when c == '\'':
                    quote = '\0';
                    break;
            }
        }

        return quote;
    }

    private static object? Evaluate(string expression, string parameterName, Func<string, object?> lookup)
    {
        if (!ReferencePattern().IsMatch(expression))
        {
            throw new ActionParameterException(
                $"Parameter '{parameterName}': the expression '{{{{ {expression} }}}}' needs the Jinja engine; only plain parameter references are rendered here.");
        }

        var parts = expression.Split('.');
        var value = lookup(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            value = value is Dictionary<string, object?> d && d.TryGetValue(part, out var inner)
                ? inner
                : throw new ActionParameterException($"Parameter '{parameterName}': '{expression}' has no key '{part}'.");
        }

        return value;
    }

    private static void RejectStatements(string template, string parameterName)
    {
        if (template.Contains("{%", StringComparison.Ordinal))
        {
            throw new ActionParameterException($"Parameter '{parameterName}': Jinja statements ({{% … %}}) need the Jinja engine, which is not wired into parameter rendering yet.");
        }
    }
}
