namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>The context value <c>let(x => 1)</c> returns: variables that the right side of <c>-></c> sees.</summary>
internal sealed class YaqlLetContext
{
    public YaqlLetContext(Dictionary<string, object?> variables)
    {
        Variables = variables;
    }

    /// <summary>Variable names with their leading <c>$</c> (<c>$x</c>, <c>$1</c>).</summary>
    public Dictionary<string, object?> Variables { get; }
}
