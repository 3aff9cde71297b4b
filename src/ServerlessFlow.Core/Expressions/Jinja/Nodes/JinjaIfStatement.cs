namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c>.</summary>
internal sealed class JinjaIfStatement(List<(JinjaExpression Test, JinjaBlockStatement Body)> branches, JinjaBlockStatement? otherwise) : JinjaStatement
{
    public List<(JinjaExpression Test, JinjaBlockStatement Body)> Branches { get; } = branches;

    public JinjaBlockStatement? Otherwise { get; } = otherwise;

    public override void Render(JinjaTemplateContext context)
    {
        foreach (var (test, body) in Branches)
        {
            if (JinjaValues.IsTruthy(test.Eval(context)))
            {
                body.Render(context);
                return;
            }
        }

        Otherwise?.Render(context);
    }
}
