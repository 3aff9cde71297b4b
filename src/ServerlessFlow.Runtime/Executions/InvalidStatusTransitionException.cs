namespace ServerlessFlow.Runtime.Executions;

/// <summary>An execution was asked to move between two statuses that StackStorm does not allow (e.g. succeeded → running).</summary>
public sealed class InvalidStatusTransitionException : InvalidOperationException
{
    public InvalidStatusTransitionException(string message)
        : base(message)
    {
    }

    public InvalidStatusTransitionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidStatusTransitionException()
    {
    }
}
