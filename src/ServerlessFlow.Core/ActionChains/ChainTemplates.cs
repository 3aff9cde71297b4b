using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Jinja;
using ServerlessFlow.Core.Expressions.Shell;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.ActionChains;

/// <summary>
/// StackStorm's <c>jinja.render_values</c> as the ActionChain runner uses it for <c>vars</c>, node parameters and
/// <c>publish</c>: every value is rendered once with StackStorm's Jinja environment (strict undefined, trim and lstrip
/// blocks, st2's filters) against the given context plus <c>__context</c>; a string renders to a string, a value that
/// renders to itself keeps its type, and a list or mapping is rendered string by string.
/// </summary>
/// <remarks>
/// StackStorm renders a list or mapping by rendering its JSON text and parsing the output, so a value containing a quote or
/// a line break breaks the JSON (the node then fails); here each string inside is rendered on its own, which gives the same
/// result whenever StackStorm's succeeds and never reads rendered data as JSON. What templates render is never rendered
/// again: results and parameters are data.
/// </remarks>
internal static class ChainTemplates
{
    private static readonly ExpressionEngine Engine = new();

    /// <summary>Renders every value of <paramref name="mapping"/>; throws <see cref="ChainRenderException"/> naming the key.</summary>
    public static Dictionary<string, object?> RenderValues(
        IReadOnlyDictionary<string, object?> mapping, Dictionary<string, object?> context, IKeyValueLookup? keyValues, string? shellCommandKey = null,
        Dictionary<string, string>? shellEnvironment = null)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["__context"] = context };
        foreach ((string name, object? value) in context)
        {
            data[name] = value;
        }

        var scope = new ExpressionScope(data) { KeyValues = keyValues };
        var rendered = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string key, object? value) in mapping)
        {
            try
            {
                rendered[key] = key == shellCommandKey && value is string command && shellEnvironment is not null
                    ? RenderShellCommand(command, scope, shellEnvironment)
                    : Render(value, scope);
            }
            catch (ExpressionException e)
            {
                // StackStorm quotes Jinja's own exception text ("'x' is undefined").
                string message = e.InnerException is JinjaRuntimeException jinja ? jinja.Message : e.Message;
                throw new ChainRenderException(key, TemplateText(value), message, e);
            }
        }

        return rendered;
    }

    /// <summary>A lookup object that renders as a key of the datastore's <paramref name="scope"/> (st2's <c>system.key</c>).</summary>
    public static object KeyValueScope(IKeyValueLookup? keyValues, string scope) => new JinjaKeyValueLookup(keyValues, scope, string.Empty);

    private static object? Render(object? value, ExpressionScope scope) => value switch
    {
        string text when HasJinja(text) => Engine.RenderJinja(text, scope),

        // Jinja's lexer joins the lines of every template with "\n" and drops one trailing newline, even with no expression.
        string text => WithoutTrailingNewline(text),
        List<object?> or Dictionary<string, object?> => RenderNested(value, scope, 0),
        _ => value,
    };

    // Inside a list or mapping StackStorm's template is JSON text, whose strings carry their line breaks as escapes: those
    // survive rendering, so only the expressions change.
    private static object? RenderNested(object? value, ExpressionScope scope, int depth)
    {
        if (depth > Engine.Limits.MaxDepth)
        {
            throw new ExpressionException(ExpressionErrorKind.Limit, $"Value nested deeper than {Engine.Limits.MaxDepth} levels.", string.Empty, 0);
        }

        switch (value)
        {
            case string text when HasJinja(text):
                string rendered = Engine.RenderJinja(text, scope);
                return text.EndsWith('\n') && !rendered.EndsWith('\n') ? rendered + "\n" : rendered;
            case List<object?> list:
                return list.Select(item => RenderNested(item, scope, depth + 1)).ToList();
            case Dictionary<string, object?> mapping:
                var result = new Dictionary<string, object?>(mapping.Count, StringComparer.Ordinal);
                foreach ((string key, object? item) in mapping)
                {
                    result[RenderNested(key, scope, depth + 1) as string ?? key] = RenderNested(item, scope, depth + 1);
                }

                return result;
            default:
                return value;
        }
    }

    /// <summary>
    /// A shell command rendered without putting a value into the shell text: each <c>{{ … }}</c> becomes a reference to an
    /// environment variable holding its rendered text, quoted for where it stands (as the local shell runner renders the
    /// templates of its own <c>cmd</c>). Jinja statements are refused, because their output could not be kept apart from the
    /// command.
    /// </summary>
    private static string RenderShellCommand(string template, ExpressionScope scope, Dictionary<string, string> environment)
    {
        ShellCommand command = ShellCommandRenderer.Render(template, yaql: false, "SFLOW_PARAM_", expression => Engine.RenderJinja(expression, scope));
        foreach ((string name, string value) in command.Environment)
        {
            environment[name] = value;
        }

        return WithoutTrailingNewline(command.Command);
    }

    private static bool HasJinja(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    private static string WithoutTrailingNewline(string text)
    {
        if (!text.Contains('\r') && !text.EndsWith('\n'))
        {
            return text;
        }

        string joined = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return joined.EndsWith('\n') ? joined[..^1] : joined;
    }

    /// <summary>The template as StackStorm quotes it in errors: a string as is, a list or mapping as its JSON text.</summary>
    private static string TemplateText(object? value) => value switch
    {
        string text => text,
        List<object?> or Dictionary<string, object?> => JsonText.Serialize(value),
        _ => Expressions.Yaql.PythonSemantics.Str(value),
    };
}

/// <summary>A value of a chain's vars, parameters or publish block failed to render.</summary>
internal sealed class ChainRenderException(string key, string template, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The key whose value failed.</summary>
    public string Key { get; } = key;

    /// <summary>The template text, as StackStorm quotes it.</summary>
    public string Template { get; } = template;
}
