namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% filter upper | trim %}…{% endfilter %}</c>: renders the body, then applies the filters.</summary>
internal sealed class JinjaFilterBlockStatement(List<JinjaFilterExpression> filters, JinjaBlockStatement body) : JinjaStatement
{
    public List<JinjaFilterExpression> Filters { get; } = filters;

    public JinjaBlockStatement Body { get; } = body;

    public override void Render(JinjaTemplateContext context)
    {
        object? value = context.Capture(Body);
        foreach (var filter in Filters)
        {
            value = filter.Apply(context, value);
        }

        context.WriteText(JinjaValues.Str(value));
    }
}
