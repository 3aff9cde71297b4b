namespace ServerlessFlow.Runtime.Packs;

/// <summary>A pack's configuration is not valid or cannot be resolved; the message names the pack, file and problems.</summary>
public sealed class PackConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PackConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PackConfigException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PackConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
