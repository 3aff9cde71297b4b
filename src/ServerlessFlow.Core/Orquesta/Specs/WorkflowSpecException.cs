namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>A workflow definition could not be read at all (bad YAML, not a mapping).</summary>
public sealed class WorkflowSpecException : Exception
{
    public WorkflowSpecException()
    {
    }

    public WorkflowSpecException(string message)
        : base(message)
    {
    }

    public WorkflowSpecException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
