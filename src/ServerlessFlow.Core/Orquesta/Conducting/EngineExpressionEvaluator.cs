using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The Orquesta engine's expressions through ServerlessFlow's <see cref="ExpressionEngine"/>
/// (YAQL and Jinja with Orquesta's workflow functions).</summary>
public sealed class EngineExpressionEvaluator : IWorkflowExpressionEvaluator
{
    private readonly ExpressionEngine _engine;

    /// <summary>Uses <paramref name="engine"/>, or a default engine when null.</summary>
    public EngineExpressionEvaluator(ExpressionEngine? engine = null)
    {
        _engine = engine ?? new ExpressionEngine();
    }

    /// <summary>A shared default instance (the engine is thread-safe).</summary>
    public static EngineExpressionEvaluator Default { get; } = new();

    /// <inheritdoc/>
    public object? Evaluate(object? value, ExpressionScope scope) => _engine.RenderValue(value, scope);

    /// <inheritdoc/>
    public IReadOnlyList<ExpressionException> Validate(string text) => _engine.Analyze(text).Errors;
}
