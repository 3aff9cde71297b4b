using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Orquesta;

/// <summary>
/// The <see cref="IWorkflowEngine"/> of Orquesta workflows: what StackStorm's workflow service does around orquesta's
/// conductor. It starts the conductor, records each action the conductor asks for as running (as StackStorm does when it
/// schedules them), completes tasks that have no action or no items at once, feeds action results back (with-items
/// results accumulated per task), resumes a workflow paused on an inquiry when the answer comes, and shapes the result as
/// StackStorm does (<c>{"output": …}</c>, plus <c>errors</c> when it failed). This is the only loop that drives the conductor.
/// </summary>
/// <remarks>
/// The state is <c>{"conductor": …, "items": {task__rN: [results…]}, "finished": bool}</c> — the shape the Durable
/// orchestrator has always saved, so workflows in flight keep running. Item results are kept by
/// <see cref="TaskItemResults"/>, the one place that knows where they live (today inside the state).
/// </remarks>
public sealed class OrquestaWorkflowEngine : IWorkflowEngine
{
    private const string ConductorKey = "conductor";
    private const string ItemsKey = "items";
    private const string FinishedKey = "finished";

    private readonly IWorkflowSpecSource definitions;
    private readonly IWorkflowExpressionEvaluator expressions;
    private readonly IWorkflowActionCatalog actions;
    private readonly int? itemsInFlight;

    /// <summary>Creates the engine over the workflow definitions, the expression evaluator and the host's action catalog.</summary>
    /// <param name="definitions">The workflows it can run.</param>
    /// <param name="expressions">The YAQL/Jinja evaluator.</param>
    /// <param name="actions">The host's action catalog.</param>
    /// <param name="itemsInFlight">
    /// At most this many items of one with-items task started and not yet finished, on top of the task's own
    /// <c>concurrency</c>; null (every host) starts every item the conductor allows at once, as StackStorm does.
    /// Orquesta's rehearsal harness (<c>orquesta/rehearsing.py</c>) answers one item of a task per pass and never marks the
    /// others running, which is 1 here: <see cref="Rehearsal.WorkflowRehearsal"/> uses that to give orquesta's answers.
    /// </param>
    public OrquestaWorkflowEngine(IWorkflowSpecSource definitions, IWorkflowExpressionEvaluator expressions, IWorkflowActionCatalog actions, int? itemsInFlight = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(actions);
        if (itemsInFlight is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(itemsInFlight), itemsInFlight, "At least one item must be allowed in flight.");
        }

        this.definitions = definitions;
        this.expressions = expressions;
        this.actions = actions;
        this.itemsInFlight = itemsInFlight;
    }

    /// <summary>Bounds on each workflow (task executions, items per with-items task); <see cref="WorkflowLimits.Default"/> unless
    /// the host sets them.</summary>
    public WorkflowLimits Limits { get; init; } = WorkflowLimits.Default;

    /// <inheritdoc/>
    public WorkflowTurn Start(WorkflowStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        WorkflowSpec? spec;
        if (start.DefinitionVersion is { } version)
        {
            if (!definitions.TryGet(start.WorkflowRef, version, out spec))
            {
                throw new WorkflowEngineException($"Version {version} of workflow {start.WorkflowRef}, which this execution started with, is not known here.");
            }
        }
        else if (!definitions.TryGet(start.WorkflowRef, out spec))
        {
            throw new WorkflowEngineException(definitions.WhyMissing(start.WorkflowRef));
        }

        var conductor = new WorkflowConductor(spec, expressions, start.Inputs, start.Context) { Limits = Limits };
        var run = new Run(conductor, new TaskItemResults(new Dictionary<string, object?>(StringComparer.Ordinal)));
        if (WorkflowStatuses.Completed.Contains(conductor.Status))
        {
            // Input or vars failed to render: the conductor is failed before it runs (StackStorm then records the workflow
            // failed with those errors, without requesting it to run).
            return Turn(run, [new WorkflowFinishedCommand(conductor.Status, conductor.Output, conductor.Errors.ToList())]);
        }

        return Turn(run, conductor.Apply(new WorkflowStatusEvent(WorkflowStatuses.Running)));
    }

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, WorkflowEngineEvent engineEvent) => Apply(state, [engineEvent]);

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents) => Apply(state, engineEvents, startReady: true);

    /// <summary>
    /// Applies events without starting anything: the state to hand to a later <see cref="Apply(WorkflowEngineState, IReadOnlyList{WorkflowEngineEvent})"/>,
    /// which starts what became ready meanwhile. Splitting a batch of events this way (saving the state between them)
    /// gives the same turn as applying the batch at once.
    /// </summary>
    public WorkflowEngineState Record(WorkflowEngineState state, WorkflowEngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        return Apply(state, [engineEvent], startReady: false).State;
    }

    private WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents, bool startReady)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(engineEvents);
        if (state.Value.GetValueOrDefault(FinishedKey) is true)
        {
            throw new WorkflowEngineException("The workflow has finished; it takes no more events.");
        }

        var run = new Run(Restore(state.Value.GetValueOrDefault(ConductorKey)), TaskItemResults.From(state.Value.GetValueOrDefault(ItemsKey)));
        var conductor = run.Conductor;
        var events = new List<WorkflowEvent>();
        foreach (var engineEvent in engineEvents)
        {
            switch (engineEvent)
            {
                case WorkflowControlRequested control:
                    string requested = control.Control switch
                    {
                        WorkflowControl.Pause => WorkflowStatuses.Pausing,
                        WorkflowControl.Resume => WorkflowStatuses.Resuming,
                        _ => WorkflowStatuses.Canceling,
                    };
                    // The events before it first, then the request on its own, so a refused request leaves the rest
                    // standing; what is ready to run is asked for once, below.
                    ApplyToConductor(conductor, events);
                    events.Clear();
                    try
                    {
                        conductor.Apply(new WorkflowStatusEvent(requested));
                    }
                    catch (WorkflowConductorException)
                    {
                        // Not allowed in the current status (resume of a running workflow, pause of a finished one…):
                        // StackStorm refuses the request and the workflow goes on as it was.
                    }

                    break;

                case ActionStatusChanged action:
                    string status = action.Status.ToName();
                    if (conductor.Status == WorkflowStatuses.Paused && status != WorkflowStatuses.Pending
                        && conductor.GetTaskState(action.Key.TaskId, action.Key.Route)?.Status == WorkflowStatuses.Pending)
                    {
                        // An inquiry was answered: StackStorm resumes the paused workflow first.
                        events.Add(new WorkflowStatusEvent(WorkflowStatuses.Resuming));
                    }

                    events.Add(run.TaskEvent(action.Key, status, action.Result));
                    break;

                default:
                    throw new WorkflowEngineException($"Orquesta workflows take no {engineEvent.GetType().Name} events.");
            }
        }

        if (!startReady)
        {
            ApplyToConductor(conductor, events, startReady: false);
            return Turn(run, []);
        }

        return Turn(run, ApplyToConductor(conductor, events));
    }

    private static IReadOnlyList<ConductorCommand> ApplyToConductor(WorkflowConductor conductor, List<WorkflowEvent> events, bool startReady = true)
    {
        try
        {
            if (!startReady)
            {
                conductor.Record(events);
                return [];
            }

            return conductor.Apply(events);
        }
        catch (WorkflowConductorException e)
        {
            throw new WorkflowEngineException(e.Message, e);
        }
    }

    /// <summary>The conductor inside a saved state (rehearsals summarise it; hosts never need it).</summary>
    public WorkflowConductor ConductorOf(WorkflowEngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Restore(state.Value.GetValueOrDefault(ConductorKey));
    }

    /// <summary>Reruns a finished workflow from the given tasks (the failed terminal ones when null), as orquesta's conductor does.</summary>
    public WorkflowTurn Rerun(WorkflowEngineState state, IReadOnlyList<TaskRerunRequest>? tasks)
    {
        ArgumentNullException.ThrowIfNull(state);
        var run = new Run(Restore(state.Value.GetValueOrDefault(ConductorKey)), TaskItemResults.From(state.Value.GetValueOrDefault(ItemsKey)));
        return Turn(run, run.Conductor.Apply(new WorkflowRerunEvent(tasks)));
    }

    /// <inheritdoc/>
    /// <remarks>What StackStorm's <c>request_rerun</c> does: the new execution's context replaces the old one, each named
    /// task is asked for on every route it ran, and the workflow must end up running again.</remarks>
    public WorkflowTurn Rerun(WorkflowEngineState state, WorkflowRerun rerun)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rerun);
        if (state.Value.GetValueOrDefault(ConductorKey) is not Dictionary<string, object?> saved)
        {
            throw new WorkflowEngineException("Unable to rerun workflow execution because its saved state has no conductor.");
        }

        saved = (Dictionary<string, object?>)PlainValues.DeepClone(saved)!;
        saved["context"] = PlainValues.DeepClone(rerun.Context);
        var run = new Run(Restore(saved), TaskItemResults.From(PlainValues.DeepClone(state.Value.GetValueOrDefault(ItemsKey))));
        var conductor = run.Conductor;
        if (!WorkflowStatuses.Completed.Contains(conductor.Status))
        {
            throw new WorkflowEngineException("Unable to rerun workflow execution because it is not in a completed state.");
        }

        List<TaskRerunRequest>? requests = null;
        if (rerun.Tasks.Count > 0)
        {
            requests = [];
            var missing = new List<string>();
            foreach (string task in rerun.Tasks)
            {
                var routes = conductor.State.Sequence.Where(t => t.Id == task).Select(t => t.Route).Distinct().ToList();
                if (routes.Count == 0)
                {
                    missing.Add(task);
                    continue;
                }

                requests.AddRange(routes.Select(route => new TaskRerunRequest(task, route, rerun.Reset.Contains(task, StringComparer.Ordinal))));
            }

            if (missing.Count > 0)
            {
                throw new WorkflowEngineException("Unable to rerun workflow because one or more tasks is not found: " + string.Join(",", missing));
            }
        }

        IReadOnlyList<ConductorCommand> commands;
        try
        {
            commands = conductor.Apply(new WorkflowRerunEvent(requests));
        }
        catch (WorkflowConductorException e)
        {
            throw new WorkflowEngineException(e.Message, e);
        }

        if (WorkflowStatuses.Completed.Contains(conductor.Status))
        {
            throw new WorkflowEngineException("Unable to rerun workflow execution due to an unknown cause.");
        }

        return Turn(run, commands);
    }

    // Reuses the preloaded spec (and its composed graph) instead of re-parsing the saved one on every event; a state
    // saved under an older definition of the workflow keeps running on that definition.
    private WorkflowConductor Restore(object? saved)
    {
        var action = (((saved as Dictionary<string, object?>)?.GetValueOrDefault("context") as Dictionary<string, object?>)
            ?.GetValueOrDefault("st2") as Dictionary<string, object?>)?.GetValueOrDefault("action") as string;
        if (action is not null && definitions.TryGet(action, out var spec))
        {
            try
            {
                var restored = WorkflowConductor.Deserialize(saved, expressions, spec);
                restored.Limits = Limits;
                return restored;
            }
            catch (WorkflowConductorException)
            {
                // The definition changed since this execution started: fall through to the saved one.
            }
        }

        try
        {
            var rebuilt = WorkflowConductor.Deserialize(saved, expressions);
            rebuilt.Limits = Limits;
            return rebuilt;
        }
        catch (WorkflowConductorException e)
        {
            throw new WorkflowEngineException("The saved workflow state cannot be read: " + e.Message, e);
        }
    }

    /// <summary>
    /// Records every action the conductor asks for as running (as StackStorm does when it schedules them), completes
    /// tasks without items or without an action at once, and packs up the state, the actions to start and, once the
    /// workflow has finished, its result.
    /// </summary>
    private WorkflowTurn Turn(Run run, IReadOnlyList<ConductorCommand> commands)
    {
        var toStart = new List<ActionRequest>();
        var queue = new Queue<ConductorCommand>(commands);

        // Every Apply answers all tasks ready now, so a task asked for by one event can be asked for again by the next
        // before it has been recorded running: each is started once.
        var started = new HashSet<TaskKey>();
        while (queue.Count > 0)
        {
            switch (queue.Dequeue())
            {
                case RunTaskCommand { Task: { HasItems: true, ItemsCount: 0 } empty } when started.Add(new TaskKey(empty.Id, empty.Route)):
                    Enqueue(queue, run.Conductor.Apply(new TaskStatusEvent(empty.Id, empty.Route, WorkflowStatuses.Running)));
                    Enqueue(queue, run.Conductor.Apply(new TaskStatusEvent(empty.Id, empty.Route, WorkflowStatuses.Succeeded, new List<object?>())));
                    break;
                case RunTaskCommand { Task: { HasItems: true, ItemsCount: 0 } }:
                    break;
                case RunTaskCommand runTask:
                    foreach (TaskActionCommand action in runTask.Task.Actions)
                    {
                        var key = new TaskKey(runTask.Task.Id, runTask.Task.Route, action.ItemId);
                        if (action.ItemId is not null && itemsInFlight is int limit
                            && run.Conductor.GetStagedTask(key.TaskId, key.Route)?.CountItems(WorkflowStatuses.Active) >= limit)
                        {
                            // The rest stay unset in the conductor, which asks for them again once an item finishes.
                            break;
                        }

                        if (!started.Add(key))
                        {
                            continue;
                        }

                        if (action.Action is null || (action.Action is string name && name.Length == 0))
                        {
                            // An action-less task only routes: it succeeds at once with no result.
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Running, null)));
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Succeeded, null)));
                            continue;
                        }

                        ActionRequest request;
                        try
                        {
                            request = actions.Describe(
                                key,
                                action.Action as string ?? string.Empty,
                                action.Input as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal),
                                runTask.Task.Delay);
                        }
                        catch (ActionInputRefusedException e)
                        {
                            // The host refused the input (a sub-workflow's parameters): the task fails, as StackStorm fails an
                            // execution it cannot create, instead of starting it.
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Running, null)));
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(
                                key, WorkflowStatuses.Failed, new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = e.Message })));
                            continue;
                        }

                        toStart.Add(request);
                        Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Running, null)));
                    }

                    break;
                case WorkflowFinishedCommand finished:
                    run.Result = ResultOf(finished);
                    break;
            }
        }

        var state = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ConductorKey] = run.Conductor.Serialize(),
            [ItemsKey] = run.Items.Value,
            [FinishedKey] = run.Result is not null,
        };
        return new WorkflowTurn(new WorkflowEngineState(state), toStart, StatusOf(run.Conductor.Status), run.Result);
    }

    private static WorkflowStatus StatusOf(string conductorStatus) =>
        WorkflowStatusNames.TryParse(conductorStatus, out var status)
            ? status
            : throw new WorkflowEngineException($"The conductor reports workflow status \"{conductorStatus}\", which is not a StackStorm status.");

    private static void Enqueue(Queue<ConductorCommand> queue, IReadOnlyList<ConductorCommand> commands)
    {
        foreach (ConductorCommand command in commands)
        {
            queue.Enqueue(command);
        }
    }

    /// <summary>StackStorm's orquesta result: <c>{"output": …}</c>, with <c>errors</c> when there are any.</summary>
    private static Dictionary<string, object?> ResultOf(WorkflowFinishedCommand finished)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (finished.Errors.Count > 0)
        {
            result["errors"] = finished.Errors.Select(e => (object?)PlainValues.DeepClone(e)).ToList();
        }

        result["output"] = PlainValues.DeepClone(finished.Output);
        return result;
    }

    /// <summary>The conductor of one turn and the with-items results accumulated so far.</summary>
    private sealed class Run(WorkflowConductor conductor, TaskItemResults items)
    {
        public WorkflowConductor Conductor => conductor;

        public TaskItemResults Items => items;

        public Dictionary<string, object?>? Result { get; set; }

        /// <summary>The conductor event for an action's status; for an item, with all item results so far.</summary>
        public TaskStatusEvent TaskEvent(TaskKey key, string status, object? result)
        {
            if (key.ItemId is not int itemId)
            {
                return new TaskStatusEvent(key.TaskId, key.Route, status, result);
            }

            bool finished = status != WorkflowStatuses.Running && status != WorkflowStatuses.Pending;
            IReadOnlyList<object?> accumulated = items.Record(key.TaskId, key.Route, itemId, finished, result);
            // A snapshot of the list (later items are written into the kept one); the results themselves are never mutated.
            return new TaskStatusEvent(key.TaskId, key.Route, status, result, itemId, new List<object?>(accumulated));
        }
    }
}
