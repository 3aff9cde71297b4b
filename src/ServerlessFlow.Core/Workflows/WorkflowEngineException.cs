namespace ServerlessFlow.Core.Workflows;

/// <summary>A workflow engine cannot start the workflow or apply the event; the message names why.</summary>
public sealed class WorkflowEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowEngineException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public WorkflowEngineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public WorkflowEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
