using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>Renders Jinja in action parameters as StackStorm's live parameters do: a default may refer to other parameters
/// (core.echo's <c>cmd: echo "{{message}}"</c>), to <c>st2kv</c>, and — for rule-started runs — to <c>trigger</c>.
/// Shell commands get special care: see <see cref="RenderShellCommand"/>.</summary>
public sealed partial class ParameterTemplate
{
    private readonly ExpressionEngine engine;
    private readonly IKeyValueLookup? keyValues;
    private readonly IReadOnlyDictionary<string, object?> context;

    /// <summary>Creates a renderer; <paramref name="context"/> holds extra top-level names (<c>trigger</c>, <c>action_context</c>…).</summary>
    public ParameterTemplate(ExpressionEngine engine, IKeyValueLookup? keyValues = null, IReadOnlyDictionary<string, object?>? context = null)
    {
        this.engine = engine;
        this.keyValues = keyValues;
        this.context = context ?? new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{\{(?<expr>.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IdentifierPattern();

    /// <summary>True when the text holds a Jinja expression or statement.</summary>
    public static bool HasExpression(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Renders a template: one whole expression keeps the value's type; otherwise a string. <paramref name="lookup"/>
    /// gives (and renders first, when needed) the other parameters it names.</summary>
    public object? Render(string template, string parameterName, IReadOnlyCollection<string> parameterNames, Func<string, object?> lookup) =>
        Evaluate(template, parameterName, Scope(template, parameterName, parameterNames, lookup));

    /// <summary>Renders a shell command template without ever putting a value into the shell text: each <c>{{ … }}</c> becomes a
    /// reference to an environment variable holding its value, quoted for the spot it is in (inside double quotes <c>${V}</c>,
    /// inside single quotes <c>'"${V}"'</c>, bare <c>"${V}"</c>). The shell expands variables but never re-parses their
    /// contents, so <c>"; rm -rf /</c> in a value stays text. Jinja statements (<c>{% %}</c>) are refused here, because their
    /// output could not be kept apart from the command.</summary>
    public (string Command, Dictionary<string, string> Environment) RenderShellCommand(string template, string parameterName, IReadOnlyCollection<string> parameterNames, Func<string, object?> lookup)
    {
        if (template.Contains("{%", StringComparison.Ordinal))
        {
            throw new ActionParameterException(
                $"Parameter '{parameterName}': Jinja statements ({{% … %}}) are not allowed in a shell command, because their output would become shell code; use {{{{ … }}}} expressions.");
        }

        var scope = Scope(template, parameterName, parameterNames, lookup);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new StringBuilder();
        var last = 0;
        var quote = '\0';
        foreach (Match match in ExpressionPattern().Matches(template))
        {
            quote = ScanQuotes(template, last, match.Index, quote);
            output.Append(template, last, match.Index - last);
            var variable = "SFLOW_PARAM_" + environment.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment[variable] = RunnerParameters.Text(Evaluate(match.Value, parameterName, scope) ?? string.Empty);
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

    private ExpressionScope Scope(string template, string parameterName, IReadOnlyCollection<string> parameterNames, Func<string, object?> lookup)
    {
        var data = new Dictionary<string, object?>(context, StringComparer.Ordinal);
        foreach (var name in IdentifierPattern().Matches(template).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            if (!string.Equals(name, parameterName, StringComparison.Ordinal) && parameterNames.Contains(name) && !data.ContainsKey(name))
            {
                data[name] = lookup(name);
            }
        }

        return new ExpressionScope(data) { KeyValues = keyValues };
    }

    private object? Evaluate(string template, string parameterName, ExpressionScope scope)
    {
        try
        {
            return engine.EvaluateJinja(template, scope);
        }
        catch (ExpressionException ex)
        {
            throw new ActionParameterException($"Parameter '{parameterName}': {ex.Message}", ex);
        }
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
}
