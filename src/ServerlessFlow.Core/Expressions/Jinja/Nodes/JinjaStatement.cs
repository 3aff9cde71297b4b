using Scriban;
using Scriban.Syntax;

namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A Jinja template statement (text, <c>{{ }}</c>, <c>{% if %}</c>…) as a Scriban statement
/// node; it writes to the Scriban context's output.</summary>
internal abstract class JinjaStatement : ScriptStatement
{
    /// <summary>0-based offset of the statement in the template.</summary>
    public int Position { get; init; }

    public sealed override object? Evaluate(TemplateContext context)
    {
        Render((JinjaTemplateContext)context);
        return null;
    }

    /// <summary>Renders the statement into the context's current output.</summary>
    public abstract void Render(JinjaTemplateContext context);

    public override void PrintTo(ScriptPrinter printer) => printer.Write(GetType().Name);
}
