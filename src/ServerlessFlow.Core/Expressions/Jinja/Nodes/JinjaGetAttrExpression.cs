namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>target.name</c>: Jinja's getattr (dictionary key, loop attribute, st2kv key).</summary>
internal sealed class JinjaGetAttrExpression(JinjaExpression target, string name) : JinjaExpression
{
    public JinjaExpression Target { get; } = target;

    public string Name { get; } = name;

    public override object? Eval(JinjaTemplateContext context) =>
        JinjaAccess.GetAttribute(Target.Eval(context), Name, Position);
}
