namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A lexical or grammar error, with yaql's message and the 0-based position in the expression.</summary>
internal sealed class YaqlSyntaxError : Exception
{
    public YaqlSyntaxError(string message, int position, bool lexical = false)
        : base(message)
    {
        Position = position;
        PythonType = lexical ? "YaqlLexicalException" : "YaqlGrammarException";
    }

    /// <summary>yaql's exception class: YaqlLexicalException or YaqlGrammarException.</summary>
    public string PythonType { get; } = "YaqlGrammarException";

    public YaqlSyntaxError()
    {
    }

    public YaqlSyntaxError(string message)
        : base(message)
    {
    }

    public YaqlSyntaxError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Position { get; }

    /// <summary>True when the text was refused for nesting beyond the depth limit rather than for its grammar.</summary>
    public bool IsLimit { get; init; }
}
