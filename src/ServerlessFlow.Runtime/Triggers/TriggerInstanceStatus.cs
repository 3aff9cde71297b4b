namespace ServerlessFlow.Runtime.Triggers;

/// <summary>StackStorm's trigger instance statuses (<c>pending</c>, <c>processing</c>, <c>processed</c>, <c>processing_failed</c>).</summary>
public enum TriggerInstanceStatus
{
    Pending,
    Processing,
    Processed,
    ProcessingFailed,
}
