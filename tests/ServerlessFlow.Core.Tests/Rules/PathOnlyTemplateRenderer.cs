using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>
/// A test double for the Jinja seam that understands only <c>{{ dotted.path }}</c> with an optional
/// <c>| to_complex</c> / <c>| tojson</c> filter, and <c>st2kv.system.key</c>. It lets the parameter
/// graph, casting and error handling be tested independently of the Jinja engine; anything else it
/// rejects, so a test cannot pass by accident.
/// </summary>
internal sealed partial class PathOnlyTemplateRenderer : IRuleTemplateRenderer
{
    [GeneratedRegex(@"{{\s*([A-Za-z_][\w.]*)\s*(?:\|\s*(to_complex|tojson)\s*)?}}")]
    private static partial Regex Expression();

    public string RenderText(string template, ExpressionScope scope)
    {
        if (template.Contains("{%", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("PathOnlyTemplateRenderer does not support statements: " + template);
        }

        var output = new StringBuilder();
        var last = 0;
        foreach (Match m in Expression().Matches(template))
        {
            output.Append(template, last, m.Index - last);
            var value = Resolve(m.Groups[1].Value, scope, template);
            output.Append(m.Groups[2].Success ? JsonText.Serialize(value) : PythonSemantics.Str(value));
            last = m.Index + m.Length;
        }

        output.Append(template, last, template.Length - last);
        var text = output.ToString();
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("PathOnlyTemplateRenderer cannot render: " + template);
        }

        return text;
    }

    private static object? Resolve(string path, ExpressionScope scope, string template)
    {
        var parts = path.Split('.');
        if (parts.Length == 3 && parts[0] == "st2kv")
        {
            return scope.KeyValues is not null && scope.KeyValues.TryGet(parts[1], parts[2], false, out var kv) ? kv : string.Empty;
        }

        object? current = scope.Data;
        foreach (var part in parts)
        {
            if (current is not Dictionary<string, object?> dict || !dict.TryGetValue(part, out current))
            {
                throw new ExpressionException(ExpressionErrorKind.Undefined, $"'{part}' is undefined", template, 0);
            }
        }

        return current;
    }
}
