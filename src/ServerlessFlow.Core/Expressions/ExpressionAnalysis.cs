namespace ServerlessFlow.Core.Expressions;

/// <summary>What static analysis found in an expression string: its parse errors and the
/// workflow variables it reads (<c>ctx(name)</c>, <c>ctx().name</c>, <c>ctx("name")</c>).</summary>
/// <param name="Errors">Parse errors, each with its position.</param>
/// <param name="CtxVariables">Names of ctx variables read, in order of first appearance.</param>
public sealed record ExpressionAnalysis(IReadOnlyList<ExpressionException> Errors, IReadOnlyList<string> CtxVariables)
{
    /// <summary>True when the text parsed without error.</summary>
    public bool IsValid => Errors.Count == 0;
}
