namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A (possibly chained) comparison: <c>a &lt; b &lt;= c</c>, <c>==</c>, <c>!=</c>, <c>in</c>, <c>not in</c>.</summary>
internal sealed class JinjaCompareExpression(JinjaExpression first, List<(string Op, JinjaExpression Operand)> rest) : JinjaExpression
{
    public JinjaExpression First { get; } = first;

    public List<(string Op, JinjaExpression Operand)> Rest { get; } = rest;

    public override object? Eval(JinjaTemplateContext context)
    {
        var left = First.Eval(context);
        foreach (var (op, operand) in Rest)
        {
            var right = operand.Eval(context);
            if (!JinjaOperators.Compare(op, left, right))
            {
                return false;
            }

            left = right;
        }

        return true;
    }
}
