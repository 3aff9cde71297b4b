using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>How the Orquesta engine evaluates expressions: orquesta's <c>expr_base.evaluate</c>
/// (deep over lists and dictionaries, keys included) and <c>validate</c> (parse errors only).</summary>
public interface IWorkflowExpressionEvaluator
{
    /// <summary>Renders every expression in <paramref name="value"/>; throws <see cref="ExpressionException"/>.</summary>
    object? Evaluate(object? value, ExpressionScope scope);

    /// <summary>Parse errors of one expression string (empty when it parses or holds no expression).</summary>
    IReadOnlyList<ExpressionException> Validate(string text);
}
