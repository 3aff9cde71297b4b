using Scriban;
using Scriban.Syntax;

namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A Jinja expression as a Scriban expression node: Scriban's <see cref="TemplateContext"/>
/// evaluates it, and the node applies Jinja's (Python's) semantics.</summary>
internal abstract class JinjaExpression : ScriptExpression
{
    /// <summary>0-based offset of the expression in the template.</summary>
    public int Position { get; init; }

    /// <summary>The expression's source text, for printing and messages.</summary>
    public string SourceText { get; set; } = string.Empty;

    public sealed override object? Evaluate(TemplateContext context) => Eval((JinjaTemplateContext)context);

    /// <summary>Evaluates with Jinja semantics; may return a <see cref="JinjaUndefined"/>.</summary>
    public abstract object? Eval(JinjaTemplateContext context);

    public override void PrintTo(ScriptPrinter printer) => printer.Write(SourceText);
}
