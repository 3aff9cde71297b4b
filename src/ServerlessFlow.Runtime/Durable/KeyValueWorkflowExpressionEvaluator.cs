using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Conducting;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Gives workflow expressions the key-value store: <c>st2kv('system.x')</c> (YAQL and Jinja, with
/// <c>decrypt</c> and <c>default</c>) and <c>st2kv.system.x</c>. A key read is I/O, so the orchestrator only
/// evaluates such workflows inside the apply-step activity (<see cref="IWorkflowStepper.ReadsKeyValues(WorkflowOrchestrationInput)"/>).
/// </summary>
public sealed class KeyValueWorkflowExpressionEvaluator : IWorkflowExpressionEvaluator
{
    private readonly IWorkflowExpressionEvaluator inner;
    private readonly IKeyValueLookup keyValues;

    /// <summary>Evaluates with <paramref name="inner"/>, every scope reading <paramref name="keyValues"/>.</summary>
    public KeyValueWorkflowExpressionEvaluator(IWorkflowExpressionEvaluator inner, IKeyValueLookup keyValues)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(keyValues);
        this.inner = inner;
        this.keyValues = keyValues;
    }

    /// <inheritdoc/>
    public object? Evaluate(object? value, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return inner.Evaluate(value, new ExpressionScope(scope.Data) { Workflow = scope.Workflow, Random = scope.Random, KeyValues = keyValues });
    }

    /// <inheritdoc/>
    public object? RenderActionInput(string? actionRef, object? input, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return inner.RenderActionInput(actionRef, input, new ExpressionScope(scope.Data) { Workflow = scope.Workflow, Random = scope.Random, KeyValues = keyValues });
    }

    /// <inheritdoc/>
    public IReadOnlyList<ExpressionException> Validate(string text) => inner.Validate(text);
}
