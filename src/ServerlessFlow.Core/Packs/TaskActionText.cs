namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Splits an Orquesta task's <c>action</c> string (<c>core.echo message="hi" count=2</c>) into the
/// action ref and the names of its inline <c>key=value</c> parameters, skipping quoted text and
/// <c>&lt;% %&gt;</c> / <c>{{ }}</c> expressions the way Orquesta's inline-parameter pattern does.
/// </summary>
public sealed record TaskActionText(string Ref, IReadOnlyList<string> InlineParameterNames)
{
    /// <summary>True when the ref itself is an expression (resolved at run time, so not checked).</summary>
    public bool IsExpression => ParameterReader.IsTemplate(Ref);

    /// <summary>Parses the action text.</summary>
    public static TaskActionText Parse(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var text = action.Trim();
        if (text.StartsWith("<%", StringComparison.Ordinal) || text.StartsWith("{{", StringComparison.Ordinal))
        {
            return new TaskActionText(text, []);
        }

        var cut = 0;
        while (cut < text.Length && !char.IsWhiteSpace(text[cut]))
        {
            cut++;
        }

        var names = new List<string>();
        var i = cut;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            if (i > start && i < text.Length && text[i] == '=')
            {
                names.Add(text[start..i]);
                i++;
            }

            i = SkipValue(text, i);
        }

        return new TaskActionText(text[..cut], names);
    }

    /// <summary>Moves past one value: quoted text, an expression, a bracketed list, or a bare word.</summary>
    private static int SkipValue(string text, int i)
    {
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            var rest = text.AsSpan(i);
            int close;
            if (rest.StartsWith("<%"))
            {
                close = text.IndexOf("%>", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
            }
            else if (rest.StartsWith("{{"))
            {
                close = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
            }
            else if (text[i] is '"' or '\'')
            {
                close = text.IndexOf(text[i], i + 1);
                i = close < 0 ? text.Length : close + 1;
            }
            else if (text[i] == '[')
            {
                close = text.IndexOf(']', i + 1);
                i = close < 0 ? text.Length : close + 1;
            }
            else
            {
                i++;
            }
        }

        return i;
    }
}
