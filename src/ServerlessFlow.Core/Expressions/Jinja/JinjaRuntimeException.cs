namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>An error raised while rendering, named like the Python exception Jinja would raise
/// (<c>UndefinedError</c>, <c>TypeError</c>, <c>ValueError</c>…) so messages read as StackStorm's do.</summary>
internal sealed class JinjaRuntimeException : Exception
{
    public JinjaRuntimeException(string pythonType, string message, int position = -1, ExpressionErrorKind kind = ExpressionErrorKind.Evaluation)
        : base(message)
    {
        PythonType = pythonType;
        Position = position;
        Kind = kind;
    }

    public JinjaRuntimeException()
        : this("RuntimeError", "error")
    {
    }

    public JinjaRuntimeException(string message)
        : this("RuntimeError", message)
    {
    }

    public JinjaRuntimeException(string message, Exception inner)
        : base(message, inner)
    {
        PythonType = "RuntimeError";
        Position = -1;
    }

    /// <summary>The Python exception class name.</summary>
    public string PythonType { get; }

    /// <summary>Offset in the template, or -1 until the evaluator fills it in.</summary>
    public int Position { get; set; }

    /// <summary>The engine's error family.</summary>
    public ExpressionErrorKind Kind { get; }

    public static JinjaRuntimeException Undefined(string message, int position) =>
        new("UndefinedError", message, position, ExpressionErrorKind.Undefined);

    public static JinjaRuntimeException Type(string message) => new("TypeError", message);

    public static JinjaRuntimeException Value(string message) => new("ValueError", message);
}
