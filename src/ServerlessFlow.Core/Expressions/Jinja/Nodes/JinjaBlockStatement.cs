namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A sequence of statements (a template body, a branch, a loop body).</summary>
internal sealed class JinjaBlockStatement(List<JinjaStatement> statements) : JinjaStatement
{
    public List<JinjaStatement> Statements { get; } = statements;

    public override void Render(JinjaTemplateContext context)
    {
        foreach (var statement in Statements)
        {
            statement.Render(context);
        }
    }
}
