namespace ServerlessFlow.Core.ActionChains;

/// <summary>An ActionChain definition cannot run; the message is the one StackStorm's runner fails the execution with.</summary>
public sealed class ActionChainSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActionChainSpecException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public ActionChainSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public ActionChainSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
