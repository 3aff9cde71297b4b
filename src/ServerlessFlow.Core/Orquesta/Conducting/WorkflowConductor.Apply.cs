using S = ServerlessFlow.Core.Orquesta.Conducting.WorkflowStatuses;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The event-in, commands-out face of the conductor, for drivers (Durable orchestration, local runner).</summary>
public sealed partial class WorkflowConductor
{
    /// <summary>Applies one event and answers the commands that follow: tasks to run now, or the
    /// workflow's end (with its rendered output). Refused requests throw <see cref="WorkflowConductorException"/>.</summary>
    public IReadOnlyList<ConductorCommand> Apply(WorkflowEvent workflowEvent) => Apply([workflowEvent]);

    /// <summary>Applies events that happened together (several actions finished at once), in order, and then answers the
    /// commands that follow once — as orquesta's rehearsal harness completes a batch of tasks before asking for the next.</summary>
    public IReadOnlyList<ConductorCommand> Apply(IReadOnlyList<WorkflowEvent> workflowEvents)
    {
        Record(workflowEvents);
        var commands = new List<ConductorCommand>();
        foreach (var task in GetNextTasks())
        {
            commands.Add(new RunTaskCommand(task));
        }

        if (commands.Count == 0 && S.Completed.Contains(Status) && !HasActiveTasks)
        {
            RenderWorkflowOutput();
            commands.Add(new WorkflowFinishedCommand(Status, Output, Errors.ToList()));
        }

        return commands;
    }

    /// <summary>Applies events without asking what runs next: a later <see cref="Apply(IReadOnlyList{WorkflowEvent})"/>
    /// (with no events, or more) asks once for everything that became ready.</summary>
    public void Record(IReadOnlyList<WorkflowEvent> workflowEvents)
    {
        ArgumentNullException.ThrowIfNull(workflowEvents);
        foreach (var workflowEvent in workflowEvents)
        {
            ApplyOne(workflowEvent);
        }
    }

    private void ApplyOne(WorkflowEvent workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        switch (workflowEvent)
        {
            case WorkflowStatusEvent when S.Completed.Contains(Status) && State.Sequence.Count == 0 && Errors.Count > 0:
                // Inputs or vars failed to render: the workflow failed before it started, and the
                // driver hears that as the end of the workflow rather than as a refused request.
                break;
            case WorkflowStatusEvent status:
                RequestWorkflowStatus(status.Status);
                break;
            case TaskStatusEvent task:
                ExecutionEvent e = task.ItemId is { } itemId
                    ? new TaskItemExecutionEvent(itemId, task.Status, task.Result, task.AccumulatedResult)
                    : new ExecutionEvent(task.Status, task.Result);
                try
                {
                    UpdateTaskState(task.TaskId, task.Route, e);
                }
                catch (WorkflowConductorException limit) when (limit.ErrorType == WorkflowLimits.ErrorType)
                {
                    // A bound was reached: the workflow fails with the reason (its running tasks still report in).
                    LogError(limit, task.TaskId, task.Route, null);
                    if (!S.Completed.Contains(Status))
                    {
                        RequestWorkflowStatus(S.Failed);
                    }
                }

                break;
            case WorkflowRerunEvent rerun:
                RequestWorkflowRerun(rerun.Tasks);
                break;
            default:
                throw new WorkflowConductorException("InvalidEventType", $"Event type \"{workflowEvent.GetType().Name}\" is not valid.");
        }
    }
}
