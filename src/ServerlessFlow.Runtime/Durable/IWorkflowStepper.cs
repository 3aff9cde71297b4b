namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Port: the workflow logic the orchestrator loops around (the workflow engines behind it). It
/// must be deterministic: the same state and event always give the same step, because the
/// orchestrator replays. Time comes in with the events; it reads no clock and makes no ids.
/// </summary>
public interface IWorkflowStepper
{
    /// <summary>Starts a workflow execution: its first tasks, already marked running (with <see cref="WorkflowOrchestrationInput.Rerun"/>:
    /// the tasks of the finished workflow to run again).</summary>
    WorkflowStep Start(WorkflowOrchestrationInput input, DateTime at);

    /// <summary>Applies one event to <paramref name="state"/>: the tasks to start next, already marked running.</summary>
    WorkflowStep Apply(string state, WorkflowStepEvent stepEvent);

    /// <summary>
    /// Whether the workflow's expressions read the key-value store (<c>st2kv</c>). A key read is I/O and its
    /// value may change, so the orchestrator runs every step of such a workflow in the apply-step activity,
    /// whose recorded output makes replays see the same values.
    /// </summary>
    bool ReadsKeyValues(string actionRef) => false;

    /// <summary>Whether the execution's workflow reads the key-value store: its pinned definition says so when it has one
    /// (so replays after a pack upgrade decide as the first run did), else the definition loaded for its action.</summary>
    bool ReadsKeyValues(WorkflowOrchestrationInput input) => input?.Definition?.ReadsKeyValues ?? ReadsKeyValues(input!.ActionRef);
}
