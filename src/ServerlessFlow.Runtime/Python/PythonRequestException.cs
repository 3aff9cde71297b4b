namespace ServerlessFlow.Runtime.Python;

/// <summary>An error answer to a worker request; <see cref="Kind"/> is a short code (<c>invalid_payload</c>, <c>not_found</c>…).</summary>
public sealed class PythonRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PythonRequestException(string kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Creates the exception.</summary>
    public PythonRequestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PythonRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PythonRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A short code for the kind of error.</summary>
    public string Kind { get; } = "error";
}
