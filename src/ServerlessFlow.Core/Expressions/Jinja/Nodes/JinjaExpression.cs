using Scriban;
using Scriban.Syntax;

namespace ServerlessFlow.Core.Expressions.Jinja.Nodes;

/// <summary>A Jinja expression as a Scriban expression node: Scriban's <see cref="TemplateContext"/>
/// evaluates it, and the node applies Jinja's (Python's) semantics.</summary>
internal abstract class JinjaExpression : ScriptExpression
{
    /// <summary>0-based offset of the expression in the template.</summary>
    public int Position { get; init; }

    private string? _source;
    private int _sourceStart;
    private int _sourceEnd;

    /// <summary>The expression's source text, for printing and messages. Cut from the template only when asked for: a copy per
    /// node would cost the square of a long chain's length (<c>x.a.a.a…</c>).</summary>
    public string SourceText => _source is null ? string.Empty : _source[_sourceStart.._sourceEnd];

    /// <summary>Records where in <paramref name="source"/> the expression is written.</summary>
    public void SetSource(string source, int start, int end)
    {
        _source = source;
        _sourceStart = start;
        _sourceEnd = end;
    }

    public sealed override object? Evaluate(TemplateContext context) => Eval((JinjaTemplateContext)context);

    /// <summary>Evaluates with Jinja semantics; may return a <see cref="JinjaUndefined"/>.</summary>
    public abstract object? Eval(JinjaTemplateContext context);

    public override void PrintTo(ScriptPrinter printer) => printer.Write(SourceText);
}
