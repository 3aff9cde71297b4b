using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;

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

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IdentifierPattern();

    /// <summary>True when a shell command (<c>cmd</c>) given by the caller is the caller's own template text, rendered here with
    /// its values kept out of the shell syntax: the rule enforcer passes a rule's <c>cmd</c> so. Otherwise every given value
    /// is data and is never rendered (a workflow task or an API request gives a finished command).</summary>
    public bool GivenCommandIsTemplate { get; init; }

    /// <summary>True when the text holds a Jinja expression or statement.</summary>
    public static bool HasExpression(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Renders a template: one whole expression keeps the value's type; otherwise a string. <paramref name="lookup"/>
    /// gives (and renders first, when needed) the other parameters it names.</summary>
    public object? Render(string template, string parameterName, IReadOnlyCollection<string> parameterNames, Func<string, object?> lookup) =>
        Evaluate(template, parameterName, Scope(template, parameterName, parameterNames, lookup));

    /// <summary>Renders a shell command template without ever putting a value into the shell text: each <c>{{ … }}</c> becomes a
    /// reference to an environment variable holding its value, quoted for the spot it is in (see
    /// <see cref="ExpressionEngine.RenderShellCommand"/>). Jinja statements (<c>{% %}</c>) are refused.</summary>
    public (string Command, Dictionary<string, string> Environment) RenderShellCommand(string template, string parameterName, IReadOnlyCollection<string> parameterNames, Func<string, object?> lookup)
    {
        var scope = Scope(template, parameterName, parameterNames, lookup);
        try
        {
            var command = engine.RenderShellCommand(template, scope, "SFLOW_PARAM_", jinjaOnly: true);
            return (command.Command, new Dictionary<string, string>(command.Environment, StringComparer.Ordinal));
        }
        catch (ExpressionException ex)
        {
            throw new ActionParameterException($"Parameter '{parameterName}': {ex.Message}", ex);
        }
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
}
