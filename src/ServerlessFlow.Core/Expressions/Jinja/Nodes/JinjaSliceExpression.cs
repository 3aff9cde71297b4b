namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>The <c>a:b:c</c> inside a subscript; only meaningful as a <see cref="JinjaGetItemExpression"/> index.</summary>
internal sealed class JinjaSliceExpression(JinjaExpression? start, JinjaExpression? stop, JinjaExpression? step) : JinjaExpression
{
    public JinjaExpression? Start { get; } = start;

    public JinjaExpression? Stop { get; } = stop;

    public JinjaExpression? Step { get; } = step;

    public override object? Eval(JinjaTemplateContext context) =>
        throw new JinjaRuntimeException("TemplateSyntaxError", "a slice is only allowed inside a subscript", Position, ExpressionErrorKind.Syntax);
}
