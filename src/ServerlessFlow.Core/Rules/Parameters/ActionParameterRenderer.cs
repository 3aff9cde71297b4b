using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Parameters;

/// <summary>
/// Renders a rule's action parameters as StackStorm's rule enforcer does (st2common/util/param.py
/// render_live_params): parameters and Jinja defaults form a dependency graph over <c>trigger</c>,
/// <c>st2kv</c>, <c>action_context</c>, <c>config_context</c> and each other, are rendered in
/// dependency order (a cycle is an error naming it), then cast to their declared types. Beyond
/// StackStorm's live rendering it also checks the result: unknown parameters, overrides of immutable
/// parameters and missing required parameters are errors, and secret parameters are reported so
/// that records can mask them.
/// </summary>
public sealed partial class ActionParameterRenderer
{
    private static readonly HashSet<string> ContextNames = new(StringComparer.Ordinal) { "trigger", "st2kv", "action_context", "config_context" };
    private static readonly HashSet<string> JinjaWords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor", "set", "endset", "true", "false", "none",
        "True", "False", "None", "loop", "recursive", "with", "without", "context", "import", "from", "as", "macro", "call",
        "filter", "endfilter", "block", "endblock", "raw", "endraw", "include", "extends", "do", "break", "continue",
    };

    private readonly IRuleTemplateRenderer _templates;

    /// <summary>Creates a renderer over a Jinja engine.</summary>
    public ActionParameterRenderer(IRuleTemplateRenderer templates)
    {
        _templates = templates ?? throw new ArgumentNullException(nameof(templates));
    }

    [GeneratedRegex(@"^{{([A-z0-9_-]+)}}$")]
    private static partial Regex WholeComplexVariable();

    [GeneratedRegex(@"{{(.*?)}}|{%(.*?)%}", RegexOptions.Singleline)]
    private static partial Regex ExpressionBlocks();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""|(?<![\w.|])\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Names();

    /// <summary>
    /// Renders <paramref name="parameters"/> (the rule's <c>action.parameters</c>) for an action whose
    /// parameters are declared by <paramref name="schemas"/> (name → schema attributes: type,
    /// default, required, immutable, secret…; null when the action is unknown, then nothing is
    /// checked or cast). Throws <see cref="ParameterException"/> naming the parameter.
    /// </summary>
    public RenderedParameters Render(
        IReadOnlyDictionary<string, object?> parameters,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>>? schemas,
        ParameterContext context)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        if (schemas is not null)
        {
            foreach (var name in parameters.Keys)
            {
                if (!schemas.TryGetValue(name, out var schema))
                {
                    throw new ParameterException(
                        $"Parameter \"{name}\" is not a parameter of the action (known: {string.Join(", ", schemas.Keys.Order(StringComparer.Ordinal))})");
                }

                if (schema.GetValueOrDefault("immutable") is true)
                {
                    throw new ParameterException($"Parameter \"{name}\" is immutable and cannot be overridden by the rule");
                }
            }
        }

        // The graph: each node is a template (with dependencies) or a value.
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            nodes[name] = MakeNode(PlainValues.Normalize(value));
        }

        if (schemas is not null)
        {
            foreach (var (name, schema) in schemas)
            {
                var given = nodes.TryGetValue(name, out var node) && !(node.Template is null && node.Value is null);
                if (!given && schema.TryGetValue("default", out var defaultValue))
                {
                    nodes[name] = MakeNode(PlainValues.Normalize(defaultValue)) with { FromDefault = true };
                }
            }
        }

        var order = Order(nodes);
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger"] = context.TriggerPayload,
            ["action_context"] = context.ActionContext,
            ["config_context"] = context.ConfigContext,
        };
        var scope = new ExpressionScope(data) { KeyValues = context.KeyValues };
        var rendered = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            var node = nodes[name];
            object? value;
            try
            {
                value = node.Template is null ? node.Value : node.Template is string text ? _templates.RenderText(text, scope) : RenderTemplate(node.Template, scope);
            }
            catch (ExpressionException ex)
            {
                throw new ParameterException($"Failed to render parameter \"{name}\": {ex.Message}", ex);
            }
            catch (ParameterException ex)
            {
                throw new ParameterException($"Failed to render parameter \"{name}\": {ex.Message}", ex);
            }

            var type = schemas?.GetValueOrDefault(name)?.GetValueOrDefault("type") as string;
            try
            {
                value = ParameterCasts.Cast(value, type);
            }
            catch (ParameterException ex)
            {
                throw new ParameterException($"Parameter \"{name}\" could not be cast to {type}: {ex.Message}", ex);
            }

            data[name] = value;
            rendered[name] = value;
        }

        var secrets = new List<string>();
        foreach (var name in order)
        {
            if (ReadsSecretConfig(name, nodes, context.ConfigSecrets ?? [], secrets))
            {
                secrets.Add(name);
            }
        }

        if (schemas is not null)
        {
            foreach (var (name, schema) in schemas)
            {
                if (schema.GetValueOrDefault("required") is true && (!rendered.TryGetValue(name, out var v) || v is null))
                {
                    throw new ParameterException($"Parameter \"{name}\" is required but the rule gives no value and it has no default");
                }

                if (schema.GetValueOrDefault("secret") is true && !secrets.Contains(name))
                {
                    secrets.Add(name);
                }
            }
        }

        // Keep the rule's order first, then defaults, as StackStorm's live parameters read.
        var ordered = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in parameters.Keys)
        {
            ordered[name] = rendered[name];
        }

        foreach (var (name, value) in rendered)
        {
            ordered.TryAdd(name, value);
        }

        return new RenderedParameters(ordered, secrets);
    }

    private object? RenderTemplate(object? template, ExpressionScope scope)
    {
        switch (template)
        {
            case string text when WholeComplexVariable().Match(text) is { Success: true } whole:
                // StackStorm renders a list's or dict's JSON text with "{{name}}" made typed by to_complex; here each string is
                // rendered in its place instead, so a value is never spliced into JSON syntax (see the README's Security section).
                var json = _templates.RenderText("{{" + whole.Groups[1].Value + " | to_complex}}", scope);
                return JsonText.TryParse(json, out var typed, out _) ? typed : json;
            case string text:
                return text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal)
                    ? _templates.RenderText(text, scope)
                    : text;
            case List<object?> list:
                return list.Select(item => RenderTemplate(item, scope)).ToList();
            case Dictionary<string, object?> dict:
                var result = new Dictionary<string, object?>(dict.Count, StringComparer.Ordinal);
                foreach (var (key, item) in dict)
                {
                    var renderedKey = key.Contains("{{", StringComparison.Ordinal) || key.Contains("{%", StringComparison.Ordinal) ? _templates.RenderText(key, scope) : key;
                    result[renderedKey] = RenderTemplate(item, scope);
                }

                return result;
            default:
                return template;
        }
    }

    /// <summary>Whether a parameter's template reads a secret configuration item (<c>config_context.token</c>,
    /// <c>config_context['token']</c>, or the whole <c>config_context</c>), or a parameter already found to (nodes come in
    /// dependency order).</summary>
    private static bool ReadsSecretConfig(string name, Dictionary<string, Node> nodes, IReadOnlyCollection<string> configSecrets, List<string> secretSoFar)
    {
        var node = nodes[name];
        if (node.Template is null)
        {
            return false;
        }

        if (node.Dependencies.Any(secretSoFar.Contains))
        {
            return true;
        }

        if (configSecrets.Count == 0)
        {
            return false;
        }

        var text = node.Template as string ?? JsonText.Serialize(node.Template);
        foreach (Match use in ConfigUse().Matches(text))
        {
            var item = use.Groups["dot"].Success ? use.Groups["dot"].Value : use.Groups["key"].Success ? use.Groups["key"].Value : null;
            if (item is null || configSecrets.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"config_context(?:\s*\.\s*(?<dot>[A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*['""](?<key>[^'""]+)['""]\s*\])?", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigUse();

    private static Node MakeNode(object? value)
    {
        var text = value switch
        {
            string s => s,
            List<object?> or Dictionary<string, object?> => JsonText.Serialize(value),
            _ => null,
        };
        if (text is null || !(text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal)))
        {
            return new Node(value, null, []);
        }

        return new Node(null, value, Dependencies(text));
    }

    /// <summary>The top-level names a template reads (Jinja's undeclared variables, approximately:
    /// names not after '.', '|' or inside string literals, minus Jinja's keywords).</summary>
    internal static IReadOnlyList<string> Dependencies(string template)
    {
        var names = new List<string>();
        foreach (Match block in ExpressionBlocks().Matches(template))
        {
            var inner = block.Groups[1].Success ? block.Groups[1].Value : block.Groups[2].Value;
            foreach (Match name in Names().Matches(inner))
            {
                if (name.Groups[1].Success)
                {
                    var word = name.Groups[1].Value;
                    var after = name.Index + name.Length;
                    var isCall = after < inner.Length && inner[after] == '(';
                    if (!JinjaWords.Contains(word) && !isCall && !names.Contains(word))
                    {
                        names.Add(word);
                    }
                }
            }
        }

        return names;
    }

    private static List<string> Order(Dictionary<string, Node> nodes)
    {
        // Kahn's algorithm over parameter → parameter edges; context names are always available.
        var order = new List<string>(nodes.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var name in nodes.Keys)
        {
            Visit(name, nodes, state, order, path);
        }

        return order;
    }

    private static void Visit(string name, Dictionary<string, Node> nodes, Dictionary<string, int> state, List<string> order, List<string> path)
    {
        if (state.TryGetValue(name, out var s))
        {
            if (s == 1)
            {
                var start = path.IndexOf(name);
                var cycle = path.Skip(start).Append(name);
                throw new ParameterException(
                    $"Cyclic dependency found in the following variables: {string.Join(" -> ", cycle)}. Likely the variable is referencing itself");
            }

            return;
        }

        state[name] = 1;
        path.Add(name);
        foreach (var dependency in nodes[name].Dependencies)
        {
            if (nodes.ContainsKey(dependency))
            {
                Visit(dependency, nodes, state, order, path);
            }
            else if (!ContextNames.Contains(dependency))
            {
                // Not a parameter or a context root: a Jinja local (loop variable, set) or an error Jinja will report.
                continue;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[name] = 2;
        order.Add(name);
    }

    private sealed record Node(object? Value, object? Template, IReadOnlyList<string> Dependencies)
    {
        public bool FromDefault { get; init; }
    }
}
