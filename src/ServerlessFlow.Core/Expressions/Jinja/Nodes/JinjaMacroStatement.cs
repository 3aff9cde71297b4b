namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary><c>{% macro %}</c>: defines the macro in the current scope; renders nothing.</summary>
internal sealed class JinjaMacroStatement(JinjaMacro macro) : JinjaStatement
{
    public JinjaMacro Macro { get; } = macro;

    public override void Render(JinjaTemplateContext context) => context.SetLocal(Macro.Name, Macro);
}
