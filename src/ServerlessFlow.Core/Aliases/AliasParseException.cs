namespace ServerlessFlow.Core.Aliases;

/// <summary>A command that does not match an alias format (st2's <c>ParseException</c>, with its messages).</summary>
public sealed class AliasParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AliasParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AliasParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AliasParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
