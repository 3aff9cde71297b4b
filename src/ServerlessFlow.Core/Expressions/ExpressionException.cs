namespace ServerlessFlow.Core.Expressions;

/// <summary>An expression could not be parsed or evaluated. The message names the expression,
/// the position (0-based offset into the text) and the reason.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(ExpressionErrorKind kind, string message, string expression, int position, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Expression = expression;
        Position = position;
    }

    public ExpressionException()
        : this(ExpressionErrorKind.Evaluation, "expression error", string.Empty, 0)
    {
    }

    public ExpressionException(string message)
        : this(ExpressionErrorKind.Evaluation, message, string.Empty, 0)
    {
    }

    public ExpressionException(string message, Exception inner)
        : this(ExpressionErrorKind.Evaluation, message, string.Empty, 0, inner)
    {
    }

    /// <summary>The family of the error.</summary>
    public ExpressionErrorKind Kind { get; }

    /// <summary>The full expression text that failed.</summary>
    public string Expression { get; }

    /// <summary>0-based character offset of the problem in <see cref="Expression"/>.</summary>
    public int Position { get; }
}
