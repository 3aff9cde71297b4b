namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A literal: string, number, true/false/none.</summary>
internal sealed class JinjaConstant(object? value) : JinjaExpression
{
    public object? Value { get; } = value;

    public override object? Eval(JinjaTemplateContext context) => Value;
}
