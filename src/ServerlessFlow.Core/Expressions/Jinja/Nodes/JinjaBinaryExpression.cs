namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A binary operator: arithmetic, <c>~</c>, <c>and</c>, <c>or</c>.</summary>
internal sealed class JinjaBinaryExpression(string op, JinjaExpression left, JinjaExpression right) : JinjaExpression
{
    public string Operator { get; } = op;

    public JinjaExpression Left { get; } = left;

    public JinjaExpression Right { get; } = right;

    public override object? Eval(JinjaTemplateContext context)
    {
        switch (Operator)
        {
            case "and":
            {
                var left = Left.Eval(context);
                return JinjaValues.IsTruthy(left) ? Right.Eval(context) : left;
            }

            case "or":
            {
                var left = Left.Eval(context);
                return JinjaValues.IsTruthy(left) ? left : Right.Eval(context);
            }

            case "~":
                return context.CheckLength(JinjaValues.Str(Left.Eval(context)) + JinjaValues.Str(Right.Eval(context)));
            default:
                return JinjaOperators.Binary(context, Operator, Left.Eval(context), Right.Eval(context));
        }
    }
}
