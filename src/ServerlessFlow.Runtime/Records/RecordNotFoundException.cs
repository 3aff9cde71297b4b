namespace ServerlessFlow.Runtime.Records;

/// <summary>An update or delete named a record that does not exist.</summary>
public sealed class RecordNotFoundException : Exception
{
    public RecordNotFoundException(string message)
        : base(message)
    {
    }

    public RecordNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public RecordNotFoundException()
    {
    }
}
