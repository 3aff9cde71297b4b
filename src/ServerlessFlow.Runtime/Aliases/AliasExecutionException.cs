namespace ServerlessFlow.Runtime.Aliases;

/// <summary>An alias execution refused before anything ran, with the HTTP status st2 answers and its message.</summary>
public sealed class AliasExecutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AliasExecutionException()
    {
    }

    /// <summary>Creates the exception with a message (status 400).</summary>
    public AliasExecutionException(string message)
        : this(400, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (status 400).</summary>
    public AliasExecutionException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>Creates the exception with a status and a message.</summary>
    public AliasExecutionException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; } = 400;
}
