namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{{ expression }}</c>: writes <c>str(value)</c>; an undefined value is an error.</summary>
internal sealed class JinjaPrintStatement(JinjaExpression expression) : JinjaStatement
{
    public JinjaExpression Expression { get; } = expression;

    public override void Render(JinjaTemplateContext context) =>
        context.WriteText(JinjaValues.Str(Expression.Eval(context)));
}
