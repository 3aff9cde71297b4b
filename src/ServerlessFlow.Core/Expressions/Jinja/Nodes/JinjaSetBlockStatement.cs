namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% set name %}…{% endset %}</c>: captures the rendered body (optionally filtered).</summary>
internal sealed class JinjaSetBlockStatement(string name, JinjaBlockStatement body, List<JinjaFilterExpression> filters) : JinjaStatement
{
    public string Name { get; } = name;

    public JinjaBlockStatement Body { get; } = body;

    public List<JinjaFilterExpression> Filters { get; } = filters;

    public override void Render(JinjaTemplateContext context)
    {
        object? value = context.Capture(Body);
        foreach (var filter in Filters)
        {
            value = filter.Apply(context, value);
        }

        context.SetLocal(Name, value);
    }
}
