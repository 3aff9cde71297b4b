using System.Diagnostics.CodeAnalysis;

namespace ServerlessFlow.Core.Expressions;

/// <summary>One call of a registered function: its arguments, the scope and the limits.</summary>
/// <param name="Name">The function name as written.</param>
/// <param name="Arguments">Positional arguments (plain values).</param>
/// <param name="NamedArguments">Keyword arguments (YAQL <c>name => v</c>, Jinja <c>name=v</c>).</param>
/// <param name="Scope">What the expression can see.</param>
/// <param name="Limits">The evaluator's limits (regex timeout, output size…).</param>
public sealed record FunctionCall(
    string Name,
    IReadOnlyList<object?> Arguments,
    IReadOnlyDictionary<string, object?> NamedArguments,
    ExpressionScope Scope,
    ExpressionLimits Limits);

/// <summary>A function shared by YAQL and Jinja. It throws <see cref="ExpressionException"/> (or
/// an ArgumentException the evaluator wraps) on bad input.</summary>
public delegate object? ExpressionFunction(FunctionCall call);

/// <summary>The functions both languages can call: Orquesta's workflow functions and st2's
/// additions. In Jinja every function is also a filter (<c>x | f(a)</c> calls <c>f(x, a)</c>).</summary>
public sealed class ExpressionFunctionRegistry
{
    private readonly Dictionary<string, ExpressionFunction> _functions = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a function.</summary>
    public void Add(string name, ExpressionFunction function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        _functions[name] = function;
    }

    /// <summary>Finds a function by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ExpressionFunction? function) =>
        _functions.TryGetValue(name, out function);

    /// <summary>True when a function of that name exists.</summary>
    public bool Contains(string name) => _functions.ContainsKey(name);

    /// <summary>Every registered name.</summary>
    public IEnumerable<string> Names => _functions.Keys;

    /// <summary>A registry with every shared function (workflow functions, then st2's).</summary>
    public static ExpressionFunctionRegistry CreateDefault()
    {
        var registry = new ExpressionFunctionRegistry();
        Functions.WorkflowFunctions.Register(registry);
        Functions.St2Functions.Register(registry);
        return registry;
    }
}
