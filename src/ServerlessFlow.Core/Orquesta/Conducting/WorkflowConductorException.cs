namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The conductor refused a request (orquesta raises the same: invalid task, invalid status
/// transition, not rerunnable…). <see cref="ErrorType"/> is orquesta's exception name.</summary>
public sealed class WorkflowConductorException : Exception
{
    public WorkflowConductorException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    public WorkflowConductorException()
        : this("OrquestaException", "workflow conductor error")
    {
    }

    public WorkflowConductorException(string message)
        : this("OrquestaException", message)
    {
    }

    public WorkflowConductorException(string message, Exception inner)
        : base(message, inner)
    {
        ErrorType = "OrquestaException";
    }

    /// <summary>orquesta's exception class name, e.g. <c>InvalidTaskStateEntry</c>.</summary>
    public string ErrorType { get; } = "OrquestaException";

    /// <summary>"Type: message", as orquesta prints it.</summary>
    public string Describe() => ErrorType + ": " + Message;
}
