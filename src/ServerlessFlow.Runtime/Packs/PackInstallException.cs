namespace ServerlessFlow.Runtime.Packs;

/// <summary>A pack could not be installed or removed; the message says which and why, and nothing installed was changed.</summary>
public sealed class PackInstallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PackInstallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PackInstallException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PackInstallException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
