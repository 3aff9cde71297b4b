namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>An SSH connection or login failed; the message names host, port and user, never a secret.</summary>
public sealed class SshConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SshConnectException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SshConnectException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SshConnectException(string message)
        : base(message)
    {
    }
}
