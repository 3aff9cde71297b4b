namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>orquesta's workflow and task status transitions (<c>orquesta/machines.py</c>), looked up
/// from <see cref="StateMachineTables"/>.</summary>
internal static class StateMachines
{
    private static readonly Dictionary<string, Dictionary<string, string>> WorkflowTable = Build(StateMachineTables.WorkflowStatuses, StateMachineTables.Workflow);
    private static readonly Dictionary<string, Dictionary<string, string>> TaskTable = Build(StateMachineTables.TaskStatuses, StateMachineTables.Task);

    private static readonly HashSet<string> ActionEventStatuses = new(StringComparer.Ordinal)
    {
        "requested", "scheduled", "delayed", "running", "pending", "pausing", "paused", "resuming",
        "succeeded", "failed", "timeout", "abandoned", "canceling", "canceled",
    };

    private static readonly HashSet<string> WorkflowEvents = BuildWorkflowEvents();

    private static readonly HashSet<string> TaskEvents = BuildTaskEvents();

    public static bool IsWorkflowTransitionValid(string oldStatus, string newStatus) =>
        WorkflowTable.TryGetValue(oldStatus, out var row) && (oldStatus == newStatus || row.ContainsValue(newStatus));

    public static bool IsValidActionEvent(string name) =>
        name is "task_continue_requested" or "task_fail_requested" or "task_noop_requested" or "task_retry_requested"
        || (name.StartsWith("action_", StringComparison.Ordinal) && ActionEventStatuses.Contains(name["action_".Length..]));

    public static bool IsValidWorkflowEvent(string name) => WorkflowEvents.Contains(name);

    public static bool IsValidTaskEvent(string name) => TaskEvents.Contains(name);

    /// <summary>The new task status for an event, or null when the event changes nothing.</summary>
    public static string? NextTaskStatus(string current, string eventName)
    {
        if (!TaskTable.TryGetValue(current, out var row))
        {
            throw new WorkflowConductorException("InvalidTaskStatusTransition", $"Unable to process event \"{eventName}\" for task in \"{current}\" status.");
        }

        return row.TryGetValue(eventName, out var next) ? next : null;
    }

    /// <summary>The new workflow status for an event, or null when the event changes nothing.</summary>
    public static string? NextWorkflowStatus(string current, string eventName)
    {
        if (!WorkflowTable.TryGetValue(current, out var row))
        {
            throw new WorkflowConductorException("InvalidWorkflowStatusTransition", $"Unable to process event \"{eventName}\" for workflow in \"{current}\" status.");
        }

        return row.TryGetValue(eventName, out var next) ? next : null;
    }

    private static Dictionary<string, Dictionary<string, string>> Build(string[] statuses, (string Status, string Event, string NewStatus)[] rows)
    {
        var table = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            table[status] = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var (status, eventName, newStatus) in rows)
        {
            table[status][eventName] = newStatus;
        }

        return table;
    }

    private static HashSet<string> BuildWorkflowEvents()
    {
        var set = new HashSet<string>(StringComparer.Ordinal)
        {
            "workflow_requested", "workflow_scheduled", "workflow_delayed", "workflow_running", "workflow_running_workflow_completed",
            "workflow_resuming", "workflow_resuming_workflow_completed", "workflow_succeeded", "workflow_failed",
        };
        foreach (var verb in new[] { "pausing", "paused", "canceling", "canceled" })
        {
            set.Add("workflow_" + verb);
            foreach (var suffix in new[] { "_task_active_items_incomplete", "_task_dormant_items_incomplete", "_workflow_active", "_workflow_dormant" })
            {
                set.Add("workflow_" + verb + suffix);
            }
        }

        return set;
    }

    private static HashSet<string> BuildTaskEvents()
    {
        var set = new HashSet<string>(StringComparer.Ordinal)
        {
            "task_requested", "task_scheduled", "task_delayed", "task_running", "task_pausing", "task_resuming", "task_canceling",
        };
        foreach (var verb in new[] { "pending", "paused", "failed", "canceled", "retrying" })
        {
            set.Add("task_" + verb);
            set.Add("task_" + verb + "_workflow_active");
            set.Add("task_" + verb + "_workflow_dormant");
        }

        foreach (var verb in new[] { "succeeded", "remediated" })
        {
            set.Add("task_" + verb);
            foreach (var activity in new[] { "_workflow_active", "_workflow_dormant" })
            {
                foreach (var outcome in new[] { "_incomplete", "_completed", "_paused", "_canceled" })
                {
                    set.Add("task_" + verb + activity + outcome);
                }
            }
        }

        return set;
    }
}
