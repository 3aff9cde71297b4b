namespace ServerlessFlow.Runtime.Triggers;

/// <summary>A trigger instance was refused: its payload does not satisfy the trigger type's payload schema.</summary>
public sealed class InvalidTriggerPayloadException : ArgumentException
{
    public InvalidTriggerPayloadException(string message)
        : base(message)
    {
    }

    public InvalidTriggerPayloadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidTriggerPayloadException()
    {
    }
}
