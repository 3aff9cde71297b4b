namespace ServerlessFlow.Core.Aliases;

/// <summary>An alias format that is not a valid pattern (st2 raises Python's <c>re.error</c> for it): a parameter name that
/// is not an identifier, a name used twice, regex syntax Python refuses.</summary>
public sealed class AliasFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AliasFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AliasFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AliasFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
