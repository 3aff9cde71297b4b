namespace ServerlessFlow.Core.Expressions;

/// <summary>
/// Everything an expression can see: the data (YAQL's <c>$</c> and Jinja's top-level names),
/// the workflow functions' view of the running workflow, and the key-value store. The engine
/// stays pure: all of these are handed in by the caller.
/// </summary>
public sealed class ExpressionScope
{
    /// <summary>A scope with no data and no workflow.</summary>
    public static ExpressionScope Empty { get; } = new(null);

    /// <summary>Creates a scope over <paramref name="data"/> (a plain value, usually a dictionary).</summary>
    public ExpressionScope(object? data)
    {
        Data = data;
    }

    /// <summary>YAQL's <c>$</c> and, when it is a dictionary, Jinja's top-level variables.</summary>
    public object? Data { get; }

    /// <summary>The running workflow, for <c>ctx()</c>, <c>result()</c>, <c>task_status()</c>, <c>item()</c>…;
    /// null outside workflows (then <c>ctx()</c> reads <see cref="Data"/>).</summary>
    public IWorkflowFunctionHost? Workflow { get; init; }

    /// <summary>The key-value store for <c>st2kv(…)</c> and <c>st2kv.system.*</c>; null when none is available.</summary>
    public IKeyValueLookup? KeyValues { get; init; }

    /// <summary>The replayable source behind YAQL's <c>random()</c>; null refuses <c>random()</c>.</summary>
    public IDeterministicRandom? Random { get; init; }
}
