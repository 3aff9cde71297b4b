using ServerlessFlow.Core.Expressions;
using S = ServerlessFlow.Core.Orquesta.Conducting.WorkflowStatuses;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Next tasks, output and reruns (orquesta's <c>get_next_tasks</c>, <c>render_workflow_output</c>, <c>request_workflow_rerun</c>).</summary>
public sealed partial class WorkflowConductor
{
    /// <summary>The tasks to run now, with rendered actions, sorted by task id then route. Rendering
    /// errors are logged and fail the workflow (then the answer is empty).</summary>
    public IReadOnlyList<TaskCommand> GetNextTasks()
    {
        var state = EnsureState();
        var staged = ReadyStagedTasks.ToList();
        var remediation = new List<StagedTask>();
        var result = new List<TaskCommand>();
        if (state.Status == S.Failed)
        {
            remediation = staged.Where(s => s.RunOnFail).ToList();
        }

        if (!S.RunningGroup.Contains(state.Status) && remediation.Count == 0)
        {
            return result;
        }

        var failed = false;
        foreach (var entry in remediation.Count > 0 ? remediation : staged)
        {
            try
            {
                // Items already known: render only those that can start now (orquesta renders all
                // of them on every call, which makes a with-items task quadratic).
                var task = entry.Items is { Count: > 0 }
                    ? RenderTask(entry.Id, entry.Route, (count, concurrency) => ItemsToStart(entry, count, concurrency), entry)
                    : RenderTask(entry.Id, entry.Route, null, entry);
                SelectItemActions(task, entry);
                if (entry.Retry is not null)
                {
                    task.Delay = entry.Retry.Delay is long d ? d : 0;
                }

                if (task.Actions.Count > 0 || (task.HasItems && task.ItemsCount == 0))
                {
                    result.Add(task);
                }
            }
            catch (Exception ex) when (ex is ExpressionException or WorkflowConductorException or InvalidCastException or ArgumentException)
            {
                failed = true;
                LogError(ex, entry.Id, entry.Route, null);
            }
        }

        if (failed)
        {
            RequestWorkflowStatus(S.Failed);
            return [];
        }

        return result.OrderBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Route).ToList();
    }

    /// <summary>orquesta's <c>get_task</c>: renders a task's actions (all items), delay and concurrency.</summary>
    public TaskCommand RenderTask(string taskId, long route) => RenderTask(taskId, route, null, null);

    /// <summary>Renders a task; for with-items, <paramref name="selectItems"/> (items count, concurrency)
    /// may name the only items worth rendering (null renders all of them, as orquesta does). The item list of a
    /// <paramref name="staged"/> task whose items expression reads only its input context is rendered once and kept on it.</summary>
    private TaskCommand RenderTask(string taskId, long route, Func<int, object?, IReadOnlySet<int>?>? selectItems, StagedTask? staged)
    {
        var context = TaskInitialContext(taskId, route);
        var spec = Spec.GetTask(taskId);
        var host = TaskHost(context, taskId, route);
        var actions = new List<TaskActionCommand>();
        var itemsCount = 0;
        if (!spec.HasItems)
        {
            var action = Evaluate(spec.Action, context, host);
            actions.Add(new TaskActionCommand(action, RenderActionInput(action, spec.Input, context, host), null));
        }
        else
        {
            var with = spec.With!;
            var itemsExpression = with.ItemsExpression;
            if (staged?.RenderedItems is not { } items)
            {
                if (Evaluate(itemsExpression, context, host) is not List<object?> rendered)
                {
                    throw new WorkflowConductorException("TypeError", $"The value of \"{itemsExpression}\" is not type of list.");
                }

                items = rendered;
                if (staged is not null && with.ItemsReadOnlyContext)
                {
                    staged.RenderedItems = items;
                }
            }

            if (items.Count > Limits.MaxItems)
            {
                throw new WorkflowConductorException(
                    WorkflowLimits.ErrorType,
                    $"Task \"{taskId}\" has {items.Count} items, more than the {Limits.MaxItems} one with-items task may iterate over. Raise the limit (SFLOW_WORKFLOW_MAX_ITEMS) if it needs more.");
            }

            itemsCount = items.Count;
            var keys = with.ItemKeys;
            var selected = selectItems?.Invoke(items.Count, Evaluate(with.Concurrency, context, host));
            for (var i = 0; i < items.Count; i++)
            {
                if (selected is not null && !selected.Contains(i))
                {
                    continue;
                }

                object? item = items[i];
                if (keys is not null && item is List<object?> tuple)
                {
                    var named = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var k = 0; k < keys.Count && k < tuple.Count; k++)
                    {
                        named[keys[k]] = tuple[k];
                    }

                    item = named;
                }
                else if (keys is { Count: 1 })
                {
                    item = new Dictionary<string, object?>(StringComparer.Ordinal) { [keys[0]] = item };
                }

                var itemHost = new ExpressionHost(this, context) { CurrentTaskId = taskId, CurrentRoute = route, HasCurrentItem = true, CurrentItem = item };
                var action = Evaluate(spec.Action, context, itemHost);
                actions.Add(new TaskActionCommand(action, RenderActionInput(action, spec.Input, context, itemHost), i));
            }
        }

        var command = new TaskCommand { Id = taskId, Route = route, Actions = actions, HasItems = spec.HasItems, ItemsCount = itemsCount };
        if (Truthy(spec.Delay))
        {
            var delay = spec.Delay is string text ? Evaluate(text, context, host) : spec.Delay;
            if (delay is not long seconds)
            {
                throw new WorkflowConductorException("TypeError", "The value of task delay is not type of integer.");
            }

            command.Delay = seconds;
        }

        if (spec.HasItems)
        {
            command.Concurrency = Evaluate(spec.With!.Concurrency, context, host);
        }

        return command;
    }

    private static long? ConcurrencyLimit(object? concurrency) => concurrency switch
    {
        null => null,
        long l => Math.Max(l, 1),
        double d => Math.Max((long)d, 1),
        _ => throw new WorkflowConductorException("TypeError", "The value of concurrency is not type of integer."),
    };

    /// <summary>The items to hand out now: not yet run, at most concurrency minus the active ones.</summary>
    private static HashSet<int> ItemsToStart(StagedTask staged, int count, object? concurrency)
    {
        var result = new HashSet<int>();
        var items = staged.Items!;
        var limit = ConcurrencyLimit(concurrency);
        var available = limit is null ? long.MaxValue : limit.Value - staged.CountItems(S.Active);
        if (available <= 0)
        {
            return result;
        }

        var first = Math.Min(staged.FirstUnsetHint, items.Count);
        while (first < items.Count && items[first] != S.Unset)
        {
            first++;
        }

        staged.FirstUnsetHint = first;
        for (var i = first; i < items.Count && i < count && result.Count < available; i++)
        {
            if (items[i] == S.Unset)
            {
                result.Add(i);
            }
        }

        return result;
    }

    private void SelectItemActions(TaskCommand task, StagedTask staged)
    {
        if (!task.HasItems)
        {
            return;
        }

        if (staged.Items is null || staged.Items.Count == 0)
        {
            staged.SetItems(Enumerable.Repeat(S.Unset, task.ItemsCount));
        }

        // Concurrency below 1 would stop the task: orquesta answers 1.
        if (task.Concurrency is long l && l <= 0)
        {
            task.Concurrency = 1L;
        }

        var start = ItemsToStart(staged, task.ItemsCount, task.Concurrency);
        task.Actions = task.Actions.Where(a => a.ItemId is { } id && start.Contains(id)).ToList();
    }

    /// <summary>The terminal context: the merged contexts of the tasks that ended branches.</summary>
    public Dictionary<string, object?> GetWorkflowTerminalContext()
    {
        var state = EnsureState();
        if (!S.Completed.Contains(state.Status))
        {
            throw new WorkflowConductorException("WorkflowContextError", "Workflow is not in completed status.");
        }

        var terminal = state.Sequence.Where(t => t.Term).ToList();
        if (terminal.Count == 0)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        var result = new Dictionary<string, object?>(ContextOf(terminal[0]), StringComparer.Ordinal);
        foreach (var task in terminal.Skip(1))
        {
            MergeInto(result, MergeContexts(task.ContextsIn.ToList().Skip(1)));
        }

        return result;
    }

    /// <summary>Renders the workflow output once the workflow completed; errors are logged and fail it.</summary>
    public void RenderWorkflowOutput()
    {
        var state = EnsureState();
        if (!S.Completed.Contains(state.Status) || _outputs is { Count: > 0 })
        {
            return;
        }

        var rolling = GetWorkflowTerminalContext();
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<Exception>();
        foreach (var parameter in Spec.Output)
        {
            try
            {
                var value = Evaluate(parameter.Value, rolling, null);
                rolling[parameter.Name] = value;
                outputs[parameter.Name] = value;
            }
            catch (ExpressionException ex)
            {
                errors.Add(ex);
            }
        }

        if (outputs.Count > 0)
        {
            _outputs = outputs;
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                LogError(error, null, null, null);
            }

            if (state.Status is not (S.Expired or S.Abandoned or S.Canceled))
            {
                RequestWorkflowStatus(S.Failed);
            }
        }
    }

    /// <summary>Task state entries that ended a branch, with their sequence index.</summary>
    public IReadOnlyList<(int Index, TaskState Task)> GetTerminalTasks() =>
        EnsureState().Sequence.Select((t, i) => (i, t)).Where(x => x.t.Term).ToList();

    private List<(int Index, TaskState Task)> TaskSequenceFrom(string taskId, long route)
    {
        var state = _state!;
        var start = state.Tasks[RouteKey(taskId, route)];
        var result = new List<(int, TaskState)> { (start, state.Sequence[start]) };
        for (var i = 0; i < state.Sequence.Count; i++)
        {
            var t = state.Sequence[i];
            foreach (var prevIndex in t.Prev.Values)
            {
                var p = state.Sequence[prevIndex];
                if (p.Id == taskId && p.Route == route)
                {
                    result.Add((i, t));
                }
            }
        }

        return result;
    }

    /// <summary>Reruns tasks of a completed workflow (the failed terminal tasks when none are given).</summary>
    public void RequestWorkflowRerun(IReadOnlyList<TaskRerunRequest>? requests = null)
    {
        var state = EnsureState();
        if (!S.Completed.Contains(state.Status))
        {
            throw new WorkflowConductorException("WorkflowIsActiveAndNotRerunableError", "Unable to rerun workflow because it is not in a completed state.");
        }

        var tasks = new Dictionary<string, TaskRerunRequest>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var request in requests ?? [])
        {
            if (!tasks.ContainsKey(request.Key))
            {
                order.Add(request.Key);
            }

            tasks[request.Key] = request;
        }

        var invalid = order.Where(k => !state.Tasks.ContainsKey(k)).Select(k => tasks[k]).ToList();
        if (invalid.Count > 0)
        {
            var names = string.Join(", ", invalid.Select(t => $"{t.TaskId}|{t.Route}"));
            throw new WorkflowConductorException("InvalidTaskRerunRequest", "Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: " + names);
        }

        var candidates = new Dictionary<string, (int Index, TaskState Task)>(StringComparer.Ordinal);
        if (tasks.Count == 0)
        {
            foreach (var (index, task) in GetTerminalTasks())
            {
                if (task.Status is not null && S.Abended.Contains(task.Status))
                {
                    candidates[RouteKey(task.Id, task.Route)] = (index, task);
                }
            }
        }
        else
        {
            var sequences = order.ToDictionary(k => k, k => TaskSequenceFrom(tasks[k].TaskId, tasks[k].Route).Select(x => x.Index).ToHashSet(), StringComparer.Ordinal);
            var kept = order.Count > 1
                ? order.Where(k => sequences.Values.Any(other => sequences[k].Except(other).Any())).ToHashSet(StringComparer.Ordinal)
                : order.ToHashSet(StringComparer.Ordinal);
            foreach (var key in order.Where(kept.Contains))
            {
                var request = tasks[key];
                var index = state.Tasks[key];
                candidates[key] = (index, state.Sequence[index]);
            }
        }

        state.Reruns.Add(candidates.Values.Select(c => c.Index).ToList());
        foreach (var (_, task) in candidates.Values.OrderBy(c => c.Task.Id, StringComparer.Ordinal).ThenBy(c => c.Task.Route).ToList())
        {
            var key = RouteKey(task.Id, task.Route);
            var reset = tasks.TryGetValue(key, out var request) && request.ResetItems;
            RerunTask(task.Id, task.Route, reset);
        }

        foreach (var (_, task) in GetTerminalTasks())
        {
            if (task.Next.Values.Any(v => v))
            {
                task.Term = false;
            }
        }

        _outputs = null;
        SetWorkflowStatus(S.Resuming);
    }

    private void RerunTask(string taskId, long route, bool resetItems)
    {
        var state = _state!;
        var task = state.Sequence[state.Tasks[RouteKey(taskId, route)]];
        var contexts = task.ContextsIn;
        var prev = new Dictionary<string, int>(task.Prev, StringComparer.Ordinal);
        var spec = Spec.GetTask(taskId);
        task.Term = false;
        if (GetStagedTask(taskId, route) is { } staged)
        {
            staged.Completed = false;
        }

        _errors.RemoveAll(e => e.TryGetValue("task_id", out var id) && id as string == taskId);
        if (spec.HasItems)
        {
            if (GetStagedTask(taskId, route) is { Items: { } items } withItems)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (resetItems || S.Abended.Contains(items[i]))
                    {
                        withItems.SetItem(i, S.Unset);
                    }
                }
            }
        }
        else
        {
            AddTaskState(taskId, route, contexts, prev);
            AddStagedTask(taskId, route, contexts, prev, ready: true, retry: null);
        }

        foreach (var (_, next) in TaskSequenceFrom(taskId, route))
        {
            next.Term = false;
        }
    }
}
