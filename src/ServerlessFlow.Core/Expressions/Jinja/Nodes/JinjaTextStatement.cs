namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>Template text outside tags, written as is.</summary>
internal sealed class JinjaTextStatement(string text) : JinjaStatement
{
    public string Text { get; } = text;

    public override void Render(JinjaTemplateContext context) => context.WriteText(Text);
}
