namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% with a = x, b = y %}…{% endwith %}</c>: names visible only inside the block.</summary>
internal sealed class JinjaWithStatement(List<(string Name, JinjaExpression Value)> assignments, JinjaBlockStatement body) : JinjaStatement
{
    public List<(string Name, JinjaExpression Value)> Assignments { get; } = assignments;

    public JinjaBlockStatement Body { get; } = body;

    public override void Render(JinjaTemplateContext context)
    {
        // Values are computed in the outer scope, as Jinja does, then bound in a new frame.
        var values = Assignments.Select(a => JinjaValues.Defined(a.Value.Eval(context))).ToList();
        context.PushFrame();
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                context.SetLocal(Assignments[i].Name, values[i]);
            }

            Body.Render(context);
        }
        finally
        {
            context.PopFrame();
        }
    }
}
