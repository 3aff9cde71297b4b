namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>An evaluation error inside yaql, named like the Python exception yaql raises
/// (<c>KeyError</c>, <c>NoMatchingFunctionException</c>…) so messages read as StackStorm's do.</summary>
internal sealed class YaqlError : Exception
{
    public YaqlError(string pythonType, string message, int position, ExpressionErrorKind kind = ExpressionErrorKind.Evaluation)
        : base(message)
    {
        PythonType = pythonType;
        Position = position;
        Kind = kind;
    }

    public YaqlError()
    {
        PythonType = "Exception";
    }

    public YaqlError(string message)
        : base(message)
    {
        PythonType = "Exception";
    }

    public YaqlError(string message, Exception innerException)
        : base(message, innerException)
    {
        PythonType = "Exception";
    }

    /// <summary>The Python exception class yaql would raise.</summary>
    public string PythonType { get; }

    /// <summary>0-based position of the failing node in the expression (-1 when unknown).</summary>
    public int Position { get; set; } = -1;

    public ExpressionErrorKind Kind { get; }
}
