namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% set a = expr %}</c>, <c>{% set a, b = expr %}</c> and <c>{% set ns.attr = expr %}</c>.</summary>
internal sealed class JinjaSetStatement(List<string> targets, string? attribute, JinjaExpression value) : JinjaStatement
{
    public List<string> Targets { get; } = targets;

    /// <summary>For <c>ns.attr</c> assignments: the attribute of the namespace object in <see cref="Targets"/>[0].</summary>
    public string? Attribute { get; } = attribute;

    public JinjaExpression Value { get; } = value;

    public override void Render(JinjaTemplateContext context)
    {
        var value = JinjaValues.Defined(Value.Eval(context));
        if (Attribute is not null)
        {
            var target = context.Resolve(Targets[0], Position);
            if (target is not JinjaNamespace ns)
            {
                throw new JinjaRuntimeException("TemplateRuntimeError", "cannot assign attribute on non-namespace object", Position);
            }

            ns.Values[Attribute] = value;
            return;
        }

        if (Targets.Count == 1)
        {
            context.SetLocal(Targets[0], value);
            return;
        }

        JinjaAssign.Unpack(context, Targets, value);
    }
}
