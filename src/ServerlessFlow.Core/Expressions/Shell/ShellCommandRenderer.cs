using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Shell;

/// <summary>Renders a shell command template so that values never become shell syntax: each expression becomes a reference
/// to an environment variable holding its value, quoted for the spot it is in (inside double quotes <c>${V}</c>, inside
/// single quotes <c>'"${V}"'</c>, bare <c>"${V}"</c>). Even where the quote scan is wrong (nested <c>$( )</c> quoting) a
/// variable's value is at worst split into words by the shell, never parsed as a command. Jinja statements are refused,
/// because their output could not be kept apart from the command.</summary>
internal static partial class ShellCommandRenderer
{
    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex JinjaExpression();

    [GeneratedRegex("<%.*?%>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex YaqlExpression();

    public static ShellCommand Render(string template, bool yaql, string variablePrefix, Func<string, object?> evaluate)
    {
        if (!yaql && template.Contains("{%", StringComparison.Ordinal))
        {
            throw new ExpressionException(
                ExpressionErrorKind.Syntax,
                "Jinja statements ({% … %}) are not allowed in a shell command, because their output would become shell code; use {{ … }} expressions.",
                template,
                template.IndexOf("{%", StringComparison.Ordinal));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new StringBuilder(template.Length);
        var last = 0;
        var quote = '\0';
        foreach (Match match in (yaql ? YaqlExpression() : JinjaExpression()).Matches(template))
        {
            quote = ScanQuotes(template, last, match.Index, quote);
            output.Append(template, last, match.Index - last);
            var variable = variablePrefix + environment.Count.ToString(CultureInfo.InvariantCulture);
            environment[variable] = Text(evaluate(match.Value));
            output.Append(quote switch
            {
                '"' => "${" + variable + "}",
                '\'' => "'\"${" + variable + "}\"'",
                _ => "\"${" + variable + "}\"",
            });
            last = match.Index + match.Length;
        }

        output.Append(template, last, template.Length - last);
        return new ShellCommand(output.ToString(), environment);
    }

    /// <summary>A value as the shell receives it: Python's <c>str()</c> for scalars, JSON for lists and dicts.</summary>
    public static string Text(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat.Repr(d),
        _ => JsonText.Serialize(value),
    };

    // The quote the shell is inside at `end`, scanning from `start` where it was inside `quote` ('\0': none).
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
}
