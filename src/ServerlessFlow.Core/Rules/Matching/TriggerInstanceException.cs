namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>A trigger instance cannot be evaluated (payload invalid for its trigger type, nested too deeply…); the message says why.</summary>
public sealed class TriggerInstanceException : Exception
{
    public TriggerInstanceException()
    {
    }

    public TriggerInstanceException(string message)
        : base(message)
    {
    }

    public TriggerInstanceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
