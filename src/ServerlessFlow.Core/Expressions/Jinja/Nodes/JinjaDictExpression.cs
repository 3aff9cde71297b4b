namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A dict literal <c>{'k': v}</c>. Keys are strings in the plain model; other keys are converted with str().</summary>
internal sealed class JinjaDictExpression(List<(JinjaExpression Key, JinjaExpression Value)> pairs) : JinjaExpression
{
    public List<(JinjaExpression Key, JinjaExpression Value)> Pairs { get; } = pairs;

    public override object? Eval(JinjaTemplateContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in Pairs)
        {
            result[JinjaValues.Str(key.Eval(context))] = JinjaValues.Defined(value.Eval(context));
        }

        return result;
    }
}
