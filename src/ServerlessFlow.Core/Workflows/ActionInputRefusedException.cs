namespace ServerlessFlow.Core.Workflows;

/// <summary>The host refused the input a workflow gave an action; the task fails with this message.</summary>
public sealed class ActionInputRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActionInputRefusedException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public ActionInputRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public ActionInputRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
