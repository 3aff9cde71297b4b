namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>a if test else b</c>; without <c>else</c> a false test gives Jinja's (lenient) Undefined.</summary>
internal sealed class JinjaConditionalExpression(JinjaExpression test, JinjaExpression then, JinjaExpression? otherwise) : JinjaExpression
{
    public JinjaExpression Test { get; } = test;

    public JinjaExpression Then { get; } = then;

    public JinjaExpression? Otherwise { get; } = otherwise;

    public override object? Eval(JinjaTemplateContext context)
    {
        if (JinjaValues.IsTruthy(Test.Eval(context)))
        {
            return Then.Eval(context);
        }

        return Otherwise is null
            ? new JinjaUndefined("the inline if-expression on line 1 evaluated to false and no else section was defined.", Position, lenient: true)
            : Otherwise.Eval(context);
    }
}
