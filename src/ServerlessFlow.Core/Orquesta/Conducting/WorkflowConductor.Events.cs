using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Graphs;
using ServerlessFlow.Core.Orquesta.Specs;
using S = ServerlessFlow.Core.Orquesta.Conducting.WorkflowStatuses;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Status requests and task events (orquesta's <c>request_workflow_status</c> and <c>update_task_state</c>).</summary>
public sealed partial class WorkflowConductor
{
    private const string InboundSatisfied = "satisfied";
    private const string InboundWip = "wip";
    private const string InboundNotSatisfied = "not_satisfied";

    private static readonly HashSet<string> PendingOrPaused = new(StringComparer.Ordinal) { S.Pending, S.Paused };

    private static readonly HashSet<string> CanceledOnly = new(StringComparer.Ordinal) { S.Canceled };

    /// <summary>Requests a workflow status (running, pausing, paused, resuming, canceling, canceled, failed…).</summary>
    public void RequestWorkflowStatus(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var state = EnsureState();
        if (!S.All.Contains(status))
        {
            throw new WorkflowConductorException("InvalidStatus", $"Status \"{status}\" is not valid.");
        }

        var current = state.Status;
        var eventName = "workflow_" + status;
        foreach (var (_, task) in LatestTasksWithStatus(S.Active).ToList())
        {
            ProcessTaskWorkflowEvent(task, status, eventName);
        }

        ProcessWorkflowEvent(status, eventName);
        var updated = state.Status;
        if (status == S.Paused && current == S.Pausing && updated == S.Pausing)
        {
            return;
        }

        if (status == S.Canceled && current == S.Canceling && updated == S.Canceling)
        {
            return;
        }

        if (status != current && current == updated)
        {
            throw new WorkflowConductorException("InvalidWorkflowStatusTransition", $"Unable to process event \"{eventName}\" for workflow in \"{current}\" status.");
        }
    }

    private void SetWorkflowStatus(string status) => _state!.Status = status;

    private void ProcessWorkflowEvent(string status, string baseName)
    {
        var state = _state!;
        var name = baseName;
        if (S.PauseGroup.Contains(status) || S.CancelGroup.Contains(status))
        {
            name += HasActiveTasks ? "_workflow_active" : "_workflow_dormant";
        }

        if (state.Status == S.Paused && status is S.Running or S.Resuming && !HasActiveTasks && !HasStagedTasks && !HasPausedTasks)
        {
            name += "_workflow_completed";
        }

        if (!StateMachines.IsValidWorkflowEvent(name))
        {
            throw new WorkflowConductorException("InvalidEvent", $"Event \"{name}\" is not valid.");
        }

        var next = StateMachines.NextWorkflowStatus(state.Status, name);
        if (next is not null)
        {
            SetWorkflowStatus(next);
        }
    }

    private void ProcessTaskWorkflowEvent(TaskState task, string status, string baseName)
    {
        var name = baseName;
        var staged = GetStagedTask(task.Id, task.Route);
        if ((S.PauseGroup.Contains(status) || S.CancelGroup.Contains(status)) && staged?.Items is { } items)
        {
            name += staged.CountItems(S.Active) > 0 ? "_task_active" : "_task_dormant";
            name += staged.CountItems(S.Completed) < items.Count ? "_items_incomplete" : "_items_completed";
        }

        var next = StateMachines.NextTaskStatus(task.Status ?? S.Unset, name);
        if (next is not null)
        {
            SetTaskStatus(task, next);
        }
    }

    private void ProcessTaskActionEvent(TaskState task, ExecutionEvent e)
    {
        if (!StateMachines.IsValidActionEvent(e.Name))
        {
            throw new WorkflowConductorException("InvalidEvent", $"Event \"{e.Name}\" is not valid.");
        }

        var name = e.Name;
        if (e is TaskItemExecutionEvent item && item.Status is S.Resuming or S.Pending or S.Paused or S.Succeeded or S.Failed or S.Expired or S.Abandoned or S.Canceled)
        {
            var staged = GetStagedTask(task.Id, task.Route) ?? throw InvalidTaskStateEntry(task.Id);
            // The other items' statuses, from the counts minus the item being updated.
            var current = staged.Items![item.ItemId];
            int Others(IReadOnlySet<string> statuses) => staged.CountItems(statuses) - (statuses.Contains(current) ? 1 : 0);
            var active = Others(S.Active) > 0;
            var incomplete = staged.Items.Count - 1 - Others(S.Completed) > 0;
            var paused = Others(PendingOrPaused) > 0;
            var canceled = Others(CanceledOnly) > 0;
            var failed = Others(S.Abended) > 0;
            name += active ? "_task_active" : "_task_dormant";
            if (!active && paused)
            {
                name += "_items_paused";
            }
            else if (!active && canceled)
            {
                name += "_items_canceled";
            }
            else if (!active && failed)
            {
                name += "_items_failed";
            }
            else
            {
                name += incomplete ? "_items_incomplete" : "_items_completed";
            }
        }

        var next = StateMachines.NextTaskStatus(task.Status ?? S.Unset, name);
        if (next is not null)
        {
            SetTaskStatus(task, next);
        }
    }

    private void ProcessWorkflowTaskEvent(string taskId, long route, string taskStatus)
    {
        var state = _state!;
        var name = "task_" + taskStatus;
        var hasBarrierNext = HasNext(taskId, route, evalJoinReady: false);
        var hasNextTasks = HasNext(taskId, route, evalJoinReady: true);
        var hasActive = HasActiveTasks;
        if (S.Abended.Contains(taskStatus) && (hasNextTasks || hasBarrierNext))
        {
            name = "task_remediated";
        }

        if (name is "task_pending" or "task_paused" or "task_succeeded" or "task_failed" or "task_remediated" or "task_canceled" or "task_retrying")
        {
            name += hasActive ? "_workflow_active" : "_workflow_dormant";
        }

        if (name.StartsWith("task_succeeded", StringComparison.Ordinal) || name.StartsWith("task_remediated", StringComparison.Ordinal))
        {
            if (HasCancelingTasks || HasCanceledTasks)
            {
                name += "_canceled";
            }
            else if (HasPausingTasks || HasPausedTasks)
            {
                name += "_paused";
            }
            else if (HasStagedTasks || hasNextTasks)
            {
                name += "_incomplete";
            }
            else
            {
                name += "_completed";
            }
        }

        if (!StateMachines.IsValidTaskEvent(name))
        {
            throw new WorkflowConductorException("InvalidEvent", $"Event \"{name}\" is not valid.");
        }

        var next = StateMachines.NextWorkflowStatus(state.Status, name);
        if (next is null)
        {
            return;
        }

        SetWorkflowStatus(next);
        if (S.Completed.Contains(state.Status))
        {
            var unreachable = UnreachableBarriers();
            if (unreachable.Count > 0)
            {
                SetWorkflowStatus(S.Failed);
                foreach (var entry in unreachable)
                {
                    var message = $"UnreachableJoinError: The join task|route \"{entry.Id}|{entry.Route}\" is partially satisfied but unreachable.";
                    LogEntry("error", message, entry.Id, entry.Route, null, null, false);
                }
            }
        }
    }

    private List<StagedTask> UnreachableBarriers()
    {
        var result = new List<StagedTask>();
        foreach (var staged in _state!.Staged)
        {
            if (!Graph.HasBarrier(staged.Id) || staged.Ready)
            {
                continue;
            }

            if (InboundCriteriaStatus(staged.Id, staged.Route) == InboundNotSatisfied)
            {
                result.Add(staged);
            }
        }

        return result;
    }

    private string InboundCriteriaStatus(string taskId, long route)
    {
        var inbound = Graph.GetPrevTransitions(taskId);
        var evaluation = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var t in inbound)
        {
            evaluation[t.Source] = null;
        }

        var barrier = Graph.GetBarrier(taskId);
        var requirement = barrier switch
        {
            string s when s == "*" => evaluation.Count,
            long n => (int)Math.Min(n, int.MaxValue),
            _ => 1,
        };

        foreach (var t in inbound)
        {
            var prev = GetTaskState(t.Source, route);
            if (prev is null)
            {
                continue;
            }

            var satisfied = prev.Next.TryGetValue(t.Id, out var value) && value;
            if (evaluation[t.Source] != true)
            {
                evaluation[t.Source] = satisfied;
            }
        }

        if (evaluation.Values.Count(v => v == true) >= requirement)
        {
            return InboundSatisfied;
        }

        if (evaluation.Values.Any(v => v is null) && (HasActiveTasks || HasStagedTasks))
        {
            return InboundWip;
        }

        return InboundNotSatisfied;
    }

    private bool HasNext(string taskId, long route, bool evalJoinReady)
    {
        var entry = GetTaskState(taskId, route);
        if (entry?.Status is null || !S.Completed.Contains(entry.Status))
        {
            return false;
        }

        foreach (var t in Graph.GetNextTransitions(taskId))
        {
            if (t.Destination == EngineCommands.Continue)
            {
                continue;
            }

            if (!entry.Next.TryGetValue(t.Id, out var satisfied) || !satisfied)
            {
                continue;
            }

            if (Graph.HasBarrier(t.Destination))
            {
                if (!evalJoinReady)
                {
                    return true;
                }

                if (InboundCriteriaStatus(t.Destination, route) == InboundNotSatisfied)
                {
                    continue;
                }
            }

            return true;
        }

        return false;
    }

    private TaskState AddTaskState(string taskId, long route, ContextChain contexts, Dictionary<string, int> prev)
    {
        if (!Graph.HasTask(taskId))
        {
            throw InvalidTask(taskId);
        }

        var state = _state!;
        if (state.Sequence.Count >= Limits.MaxTaskExecutions)
        {
            throw new WorkflowConductorException(
                WorkflowLimits.ErrorType,
                $"The workflow reached {Limits.MaxTaskExecutions} task executions, the most one workflow may run (a cycle without an end?); task \"{taskId}\" was not run. Raise the limit (SFLOW_WORKFLOW_MAX_TASKS) if the workflow needs more.");
        }

        var entry = new TaskState
        {
            Id = taskId,
            Route = route,
            ContextsIn = contexts,
            Prev = new Dictionary<string, int>(prev, StringComparer.Ordinal),
        };

        if (Graph.GetRetry(taskId) is { Count: not null } retry)
        {
            SetupRetry(entry, retry);
        }

        var key = RouteKey(taskId, route);
        if (state.Tasks.TryGetValue(key, out var previous))
        {
            CountStatus(state.Sequence[previous].Status, -1);
        }

        state.Sequence.Add(entry);
        state.Tasks[key] = state.Sequence.Count - 1;
        CountStatus(entry.Status, +1);
        return entry;
    }

    private void SetupRetry(TaskState entry, GraphRetry retry)
    {
        entry.Retry = new TaskRetryState { When = retry.When, Count = retry.Count, Delay = retry.Delay, Tally = 0 };
        var context = ContextOf(entry);
        if (retry.Delay is string delayExpression)
        {
            var value = Evaluate(delayExpression, context, null);
            if (value is not long)
            {
                throw new WorkflowConductorException("ValueError", $"The retry delay for task \"{entry.Id}\" is not an integer.");
            }

            entry.Retry.Delay = value;
        }

        if (retry.Count is string countExpression)
        {
            var value = Evaluate(countExpression, context, null);
            if (value is not long)
            {
                throw new WorkflowConductorException("ValueError", $"The retry count for task \"{entry.Id}\" is not an integer.");
            }

            entry.Retry.Count = value;
        }
    }

    /// <summary>A with-items task's result from the item results its host accumulated: a list of its own (the host keeps
    /// writing into the one it passed, for a retry or a rerun of the task).</summary>
    private static object? ItemResultsOf(object? accumulated) => accumulated switch
    {
        null => new List<object?>(),
        IReadOnlyList<object?> list => new List<object?>(list),
        _ => accumulated,
    };

    /// <summary>st2's with-items record: <c>result.items[item] = {status, result}</c>, the list sized to the items.</summary>
    private static void RecordItemResult(TaskState entry, int itemsCount, TaskItemExecutionEvent e)
    {
        if (entry.Result is not Dictionary<string, object?> record || record.GetValueOrDefault("items") is not List<object?> items || items.Count != itemsCount)
        {
            items = [.. Enumerable.Repeat<object?>(null, itemsCount)];
            entry.Result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items };
        }

        items[e.ItemId] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = e.Status, ["result"] = e.Result };
    }

    /// <summary>Applies an action (or item) event to a task on a route: orquesta's <c>update_task_state</c>.</summary>
    public TaskState UpdateTaskState(string taskId, long route, ExecutionEvent e)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(e);

        // Tasks without an action run inside this call, each one a level deeper: a cycle of them must end in an error, not a
        // stack overflow.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WorkflowConductorException(
                WorkflowLimits.ErrorType,
                $"Tasks without an action ran into each other too deeply (at task \"{taskId}\"): a cycle of action-less tasks without an end?");
        }

        var state = EnsureState();
        if (!S.All.Contains(e.Status))
        {
            throw new WorkflowConductorException("InvalidStatus", $"Status \"{e.Status}\" is not valid.");
        }

        if (!Graph.HasTask(taskId))
        {
            throw InvalidTask(taskId);
        }

        var engineQueue = new Queue<(string Id, long Route)>();
        var staged = GetStagedTask(taskId, route);
        var entry = GetTaskState(taskId, route);
        var taskSpec = Spec.GetTask(taskId);
        if (staged is null && entry is null)
        {
            throw InvalidTaskStateEntry(taskId);
        }

        if (entry is null || EngineCommands.IsCommand(taskId))
        {
            entry = AddTaskState(taskId, staged!.Route, staged.ContextsIn, staged.Prev);
        }

        var entryIndex = GetTaskStateIndex(taskId, route)!.Value;
        if (entry.Status is not null && S.Completed.Contains(entry.Status) && S.Starting.Contains(e.Status))
        {
            if (staged is null)
            {
                throw InvalidTaskStateEntry(taskId);
            }

            entry = AddTaskState(taskId, staged.Route, staged.ContextsIn, staged.Prev);
            entryIndex = GetTaskStateIndex(taskId, route)!.Value;
        }

        if (staged is not null && staged.Items is null)
        {
            RemoveStagedTask(taskId, route);
        }

        if (staged is not null && e is TaskItemExecutionEvent itemEvent)
        {
            if (staged.Items is null || itemEvent.ItemId < 0 || itemEvent.ItemId >= staged.Items.Count)
            {
                throw new WorkflowConductorException("IndexError", $"Item {itemEvent.ItemId} of task \"{taskId}\" does not exist.");
            }

            staged.SetItem(itemEvent.ItemId, e.Status);
            RecordItemResult(entry, staged.Items.Count, itemEvent);
        }
        else if (Truthy(e.Result))
        {
            // st2 keeps the previous result when the action reports an empty one.
            entry.Result = e.Result;
        }

        if (e.Status == S.Failed)
        {
            LogEntry("error", "Execution failed. See result for details.", taskId, null, null, e.Result, true);
        }

        var oldStatus = entry.Status ?? S.Unset;
        ProcessTaskActionEvent(entry, e);
        var newStatus = entry.Status ?? S.Unset;

        if (newStatus == S.Retrying)
        {
            entry.Retry!.Tally++;
            RemoveStagedTask(taskId, route);
            AddStagedTask(taskId, route, entry.ContextsIn, new Dictionary<string, int>(entry.Prev, StringComparer.Ordinal), ready: true, retry: entry.Retry.Clone());
        }

        Dictionary<string, object?>? currentContext = null;
        object? taskResult = null;
        if (S.Completed.Contains(newStatus))
        {
            if (!(taskSpec.HasItems && S.Abended.Contains(newStatus)))
            {
                RemoveStagedTask(taskId, route);
            }
            else if (GetStagedTask(taskId, route) is { } kept)
            {
                kept.Completed = true;
            }

            taskResult = !taskSpec.HasItems
                ? e.Result
                : e is TaskItemExecutionEvent ie ? ItemResultsOf(ie.AccumulatedResult) : e.Result ?? new List<object?>();
            currentContext = ContextOf(entry);
            if (S.Active.Contains(state.Status) && EvaluateRetry(entry, currentContext, taskResult))
            {
                return UpdateTaskState(taskId, route, EngineOperationEvent.Retry);
            }
        }

        if (S.Completed.Contains(newStatus) && newStatus != oldStatus)
        {
            EvaluateTransitions(taskId, route, entry, entryIndex, currentContext!, taskResult, engineQueue);
        }

        ProcessWorkflowTaskEvent(taskId, route, entry.Status ?? S.Unset);

        while (engineQueue.Count > 0)
        {
            var (nextId, nextRoute) = engineQueue.Dequeue();
            UpdateTaskState(nextId, nextRoute, EngineOperationEvent.For(nextId));
        }

        if (S.Completed.Contains(state.Status))
        {
            entry.Term = true;
        }

        return entry;
    }

    private bool EvaluateRetry(TaskState entry, Dictionary<string, object?> context, object? result)
    {
        if (entry.Retry is null)
        {
            return false;
        }

        var count = entry.Retry.Count is long c ? c : 0;
        if (entry.Retry.Tally >= count)
        {
            return false;
        }

        if (entry.Status is not null && S.Abended.Contains(entry.Status) && entry.Retry.When is null)
        {
            return true;
        }

        if (entry.Retry.When is null)
        {
            return false;
        }

        return Truthy(Evaluate(entry.Retry.When, context, TaskHost(context, entry.Id, entry.Route, result)));
    }

    internal static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    private void EvaluateTransitions(string taskId, long route, TaskState entry, int entryIndex, Dictionary<string, object?> currentContext, object? taskResult, Queue<(string Id, long Route)> engineQueue)
    {
        var hasManualFail = false;
        var stagedNextTasks = new List<StagedTask>();
        var transitions = Graph.GetNextTransitions(taskId);
        if (transitions.Count == 0)
        {
            entry.Term = true;
        }

        var host = TaskHost(currentContext, taskId, route, taskResult);
        foreach (var t in transitions)
        {
            try
            {
                var all = true;
                foreach (var criterion in t.Criteria)
                {
                    if (!Truthy(Evaluate(criterion, currentContext, host)))
                    {
                        all = false;
                    }
                }

                entry.Next[t.Id] = all;
            }
            catch (Exception ex) when (ex is ExpressionException or WorkflowConductorException)
            {
                LogError(ex, taskId, route, t.Id);
                RequestWorkflowStatus(S.Failed);
                continue;
            }

            if (!entry.Next[t.Id])
            {
                continue;
            }

            var nextId = t.Destination;
            var (published, errors) = FinalizeContext(taskId, nextId, t, currentContext, host);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    LogError(error, taskId, route, t.Id);
                }

                RequestWorkflowStatus(S.Failed);
                continue;
            }

            var outContexts = entry.ContextsIn;
            if (published.Count > 0)
            {
                _state!.Contexts.Add(published);
                var newIndex = _state.Contexts.Count - 1;
                outContexts = outContexts.Append(newIndex);
                entry.ContextsOut = new Dictionary<string, int>(StringComparer.Ordinal) { [t.Id] = newIndex };
            }

            var nextRoute = EvaluateRoute(t, route);
            var stagedNext = GetStagedTask(nextId, nextRoute);
            var backref = t.RouteId;
            if (stagedNext is not null)
            {
                // orquesta drops the initial context (always first) so it does not overwrite what was published.
                stagedNext.ContextsIn = stagedNext.ContextsIn.AppendAll(outContexts.ToList().Skip(1));
                stagedNext.Prev[backref] = entryIndex;
                stagedNext.SetItems(null);
                stagedNext.Completed = false;
            }
            else
            {
                stagedNext = AddStagedTask(nextId, nextRoute, outContexts, new Dictionary<string, int>(StringComparer.Ordinal) { [backref] = entryIndex }, ready: false, retry: null);
            }

            stagedNext.Ready = InboundCriteriaStatus(nextId, route) == InboundSatisfied;
            if (EngineCommands.IsCommand(nextId))
            {
                engineQueue.Enqueue((stagedNext.Id, stagedNext.Route));
                hasManualFail |= nextId == EngineCommands.Fail;
            }
            else if (stagedNext.Ready)
            {
                stagedNextTasks.Add(stagedNext);
            }
        }

        if (hasManualFail)
        {
            foreach (var staged in stagedNextTasks)
            {
                staged.RunOnFail = true;
            }
        }
    }

    private (Dictionary<string, object?> Published, List<Exception> Errors) FinalizeContext(string taskId, string nextId, TaskTransition t, Dictionary<string, object?> context, ExpressionHost host)
    {
        var published = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<Exception>();
        var transition = Spec.GetTask(taskId).Next[t.Ref];
        if (transition.Publish.Count == 0 || !transition.Do.Contains(nextId))
        {
            return (published, errors);
        }

        var rolling = new Dictionary<string, object?>(context, StringComparer.Ordinal);
        foreach (var (name, expression) in transition.Publish)
        {
            try
            {
                var rollingHost = new ExpressionHost(this, rolling) { CurrentTaskId = host.CurrentTaskId, CurrentRoute = host.CurrentRoute, CurrentTaskResult = host.CurrentTaskResult };
                var value = Evaluate(expression, rolling, rollingHost);
                rolling[name] = value;
                published[name] = value;
            }
            catch (ExpressionException ex)
            {
                errors.Add(ex);
            }
        }

        return (published, errors);
    }

    private long EvaluateRoute(TaskTransition t, long previousRoute)
    {
        if (!Spec.IsSplitTask(t.Destination) || Graph.InCycle(t.Destination))
        {
            return previousRoute;
        }

        var routes = _state!.Routes;
        var old = routes[(int)previousRoute];
        if (old.Contains(t.RouteId))
        {
            return previousRoute;
        }

        routes.Add([.. old, t.RouteId]);
        return routes.Count - 1;
    }
}
