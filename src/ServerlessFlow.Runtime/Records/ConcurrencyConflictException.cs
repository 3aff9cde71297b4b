namespace ServerlessFlow.Runtime.Records;

/// <summary>An update named a version (ETag) that is no longer current: someone else wrote the record first.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ConcurrencyConflictException()
    {
    }
}
