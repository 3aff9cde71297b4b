namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A variable reference: loop and set variables, then the scope data, then <c>st2kv</c>.</summary>
internal sealed class JinjaNameExpression(string name) : JinjaExpression
{
    public string Name { get; } = name;

    public override object? Eval(JinjaTemplateContext context) => context.Resolve(Name, Position);
}
