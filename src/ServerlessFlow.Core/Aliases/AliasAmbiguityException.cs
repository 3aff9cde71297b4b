namespace ServerlessFlow.Core.Aliases;

/// <summary>A command that matched no alias format, or more than one (st2's <c>ActionAliasAmbiguityException</c>, with its
/// messages: "Command 'x' matched no patterns", "… matched more than 1 pattern").</summary>
public sealed class AliasAmbiguityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AliasAmbiguityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AliasAmbiguityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AliasAmbiguityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="command"/> and what it matched.</summary>
    public AliasAmbiguityException(string message, string command, IReadOnlyList<AliasFormatMatch> matches)
        : base(message)
    {
        Command = command;
        Matches = matches;
    }

    /// <summary>The command.</summary>
    public string Command { get; } = string.Empty;

    /// <summary>The formats it matched (none, or more than one).</summary>
    public IReadOnlyList<AliasFormatMatch> Matches { get; } = [];
}
