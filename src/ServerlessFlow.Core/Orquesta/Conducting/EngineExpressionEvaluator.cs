using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The Orquesta engine's expressions through ServerlessFlow's <see cref="ExpressionEngine"/>
/// (YAQL and Jinja with Orquesta's workflow functions).</summary>
public sealed class EngineExpressionEvaluator : IWorkflowExpressionEvaluator
{
    /// <summary>The names of the environment variables that carry values into a task's shell command.</summary>
    public const string ShellVariablePrefix = "SFLOW_TASK_";

    private readonly ExpressionEngine _engine;
    private readonly Func<string, bool>? _isShellCommandAction;

    /// <summary>Uses <paramref name="engine"/>, or a default engine when null. <paramref name="isShellCommandAction"/> says
    /// which actions run their <c>cmd</c> input with a shell (local-shell-cmd, remote-shell-cmd): for those, each value an
    /// expression puts inside the command reaches the shell as one quoted argument (an environment variable added to the
    /// task's <c>env</c> input), never as shell syntax.</summary>
    public EngineExpressionEvaluator(ExpressionEngine? engine = null, Func<string, bool>? isShellCommandAction = null)
    {
        _engine = engine ?? new ExpressionEngine();
        _isShellCommandAction = isShellCommandAction;
    }

    /// <summary>A shared default instance (the engine is thread-safe); it knows no shell actions.</summary>
    public static EngineExpressionEvaluator Default { get; } = new();

    /// <inheritdoc/>
    public object? Evaluate(object? value, ExpressionScope scope) => _engine.RenderValue(value, scope);

    /// <inheritdoc/>
    /// <remarks>A <c>cmd</c> that is one whole expression is the command itself, as the author wrote it
    /// (<c>cmd: &lt;% ctx().cmd %&gt;</c> in st2's orquesta-basic runs the command the workflow was given); expressions inside
    /// command text become <c>"${SFLOW_TASK_n}"</c> references, quoted for their spot.</remarks>
    public object? RenderActionInput(string? actionRef, object? input, ExpressionScope scope)
    {
        if (actionRef is null
            || _isShellCommandAction?.Invoke(actionRef) != true
            || input is not Dictionary<string, object?> raw
            || raw.GetValueOrDefault("cmd") is not string cmd
            || !_engine.ContainsExpression(cmd)
            || _engine.IsWholeExpression(cmd))
        {
            return Evaluate(input, scope);
        }

        var others = new Dictionary<string, object?>(raw, StringComparer.Ordinal);
        others.Remove("cmd");
        var rendered = (Dictionary<string, object?>)Evaluate(others, scope)!;
        var command = _engine.RenderShellCommand(cmd, scope, ShellVariablePrefix);
        var environment = rendered.GetValueOrDefault("env") switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            Dictionary<string, object?> given => new Dictionary<string, object?>(given, StringComparer.Ordinal),
            _ => throw new ExpressionException(ExpressionErrorKind.Evaluation, "The input 'env' of a shell command task must be a mapping.", cmd, 0),
        };
        foreach (var (name, value) in command.Environment)
        {
            environment[name] = value;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["cmd"] = command.Command };
        foreach (var (name, value) in rendered)
        {
            result[name] = value;
        }

        result["env"] = environment;
        return result;
    }

    /// <inheritdoc/>
    public IReadOnlyList<ExpressionException> Validate(string text) => _engine.Analyze(text).Errors;
}
