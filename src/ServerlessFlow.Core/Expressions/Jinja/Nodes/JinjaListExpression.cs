namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A list literal <c>[a, b]</c> or tuple <c>(a, b)</c>.</summary>
internal sealed class JinjaListExpression(List<JinjaExpression> items, bool isTuple) : JinjaExpression
{
    public List<JinjaExpression> Items { get; } = items;

    public bool IsTuple { get; } = isTuple;

    public override object? Eval(JinjaTemplateContext context)
    {
        List<object?> result = IsTuple ? new JinjaTuple() : new List<object?>(Items.Count);
        foreach (var item in Items)
        {
            result.Add(JinjaValues.Defined(item.Eval(context)));
        }

        return result;
    }
}
