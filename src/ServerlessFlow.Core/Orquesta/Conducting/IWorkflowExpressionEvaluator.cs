using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>How the Orquesta engine evaluates expressions: orquesta's <c>expr_base.evaluate</c>
/// (deep over lists and dictionaries, keys included) and <c>validate</c> (parse errors only).</summary>
public interface IWorkflowExpressionEvaluator
{
    /// <summary>Renders every expression in <paramref name="value"/>; throws <see cref="ExpressionException"/>.</summary>
    object? Evaluate(object? value, ExpressionScope scope);

    /// <summary>Renders a task's action input for the action <paramref name="actionRef"/> (null when it did not render to a
    /// string). An evaluator may render some inputs specially (a shell command's values kept out of its syntax); by default
    /// this is <see cref="Evaluate"/>.</summary>
    object? RenderActionInput(string? actionRef, object? input, ExpressionScope scope) => Evaluate(input, scope);

    /// <summary>Parse errors of one expression string (empty when it parses or holds no expression).</summary>
    IReadOnlyList<ExpressionException> Validate(string text);
}
