namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>not x</c>, <c>-x</c>, <c>+x</c>.</summary>
internal sealed class JinjaUnaryExpression(string op, JinjaExpression operand) : JinjaExpression
{
    public string Operator { get; } = op;

    public JinjaExpression Operand { get; } = operand;

    public override object? Eval(JinjaTemplateContext context)
    {
        var value = Operand.Eval(context);
        if (Operator == "not")
        {
            return !JinjaValues.IsTruthy(value);
        }

        value = JinjaValues.Defined(value);
        return (Operator, value) switch
        {
            ("-", bool b) => b ? -1L : 0L,
            ("-", long l) when l != long.MinValue => -l,
            ("-", double d) => -d,
            ("+", bool b) => b ? 1L : 0L,
            ("+", long or double) => value,
            _ => throw JinjaRuntimeException.Type($"bad operand type for unary {Operator}: '{JinjaValues.TypeName(value)}'"),
        };
    }
}
