namespace ServerlessFlow.Runtime.Executions;

/// <summary>StackStorm's live action statuses, spelled as the API spells them (see <see cref="ExecutionStatuses"/>).</summary>
public enum ExecutionStatus
{
    Requested,
    Scheduled,
    Delayed,
    Running,
    Succeeded,
    Failed,
    Timeout,
    Canceling,
    Canceled,
    Pausing,
    Paused,
    Resuming,
    Pending,
    Abandoned,
}
