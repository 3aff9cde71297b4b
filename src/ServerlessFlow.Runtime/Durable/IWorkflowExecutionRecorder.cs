namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Port: writes a workflow execution's status changes to the execution store (creating the record
/// for a sub-workflow the first time). Idempotent: the same record twice changes nothing.
/// </summary>
public interface IWorkflowExecutionRecorder
{
    /// <summary>Records the status change.</summary>
    Task RecordAsync(WorkflowStatusRecord record, CancellationToken cancellationToken);
}
