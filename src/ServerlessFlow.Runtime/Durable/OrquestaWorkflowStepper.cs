using System.Globalization;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The <see cref="IWorkflowStepper"/> over Orquesta's <see cref="WorkflowConductor"/>, doing what
/// StackStorm's workflow service does around it: start the conductor, report each action it asks
/// for as running, feed action results back (with-items results accumulated per task), resume a
/// workflow paused on an inquiry when the answer arrives, and shape the result as StackStorm does
/// (<c>{"output": …}</c>, plus <c>errors</c> when it failed).
/// </summary>
public sealed class OrquestaWorkflowStepper : IWorkflowStepper
{
    private const string ConductorKey = "conductor";
    private const string ItemsKey = "items";
    private const string FinishedKey = "finished";

    private readonly WorkflowDefinitions definitions;
    private readonly IWorkflowExpressionEvaluator expressions;
    private static readonly ExpressionEngine ParameterEngine = new();

    private readonly bool readsKeyValues;
    private readonly IKeyValueLookup? keyValues;
    private readonly string apiUrl;

    /// <summary>
    /// Creates the stepper over preloaded workflow specs and an expression evaluator; <paramref name="apiUrl"/> is what
    /// <c>ctx().st2.api_url</c> says (the host's API, <c>…/api/v1</c>, from its configuration). With <paramref name="keyValues"/>,
    /// workflow expressions read the key-value store (<c>st2kv</c>), and workflows that do are stepped in an activity.
    /// </summary>
    public OrquestaWorkflowStepper(WorkflowDefinitions definitions, string apiUrl, IWorkflowExpressionEvaluator? expressions = null, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentException.ThrowIfNullOrEmpty(apiUrl);
        this.definitions = definitions;
        this.apiUrl = apiUrl;
        IWorkflowExpressionEvaluator evaluator = expressions ?? new EngineExpressionEvaluator(ParameterEngine, definitions.IsShellCommandAction);
        this.expressions = keyValues is null ? evaluator : new KeyValueWorkflowExpressionEvaluator(evaluator, keyValues);
        readsKeyValues = keyValues is not null;
        this.keyValues = keyValues;
    }

    /// <summary>Bounds on each workflow (task executions, items per task); by default from the environment.</summary>
    public WorkflowLimits Limits { get; init; } = WorkflowLimitSettings.FromEnvironment();

    /// <inheritdoc/>
    public bool ReadsKeyValues(string actionRef) => readsKeyValues && definitions.ReadsKeyValues(actionRef);

    /// <inheritdoc/>
    public WorkflowStep Start(WorkflowOrchestrationInput input, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = definitions.Get(input.ActionRef);
        var inputs = JsonText.Parse(input.ParametersJson) as Dictionary<string, object?>
            ?? throw new ArgumentException($"The parameters of workflow execution {input.ExecutionId} are not a JSON object.", nameof(input));
        var st2 = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action_execution_id"] = input.ExecutionId,
            ["workflow_execution_id"] = input.ExecutionId,
            ["action"] = input.ActionRef,
            ["pack"] = input.ActionRef.Split('.', 2)[0],
            ["runner"] = "orquesta",
            ["user"] = "stanley",
            ["api_url"] = apiUrl,
        };
        if (input.ParentExecutionId is not null)
        {
            st2["parent_execution_id"] = input.ParentExecutionId;
        }

        var context = new Dictionary<string, object?>(StringComparer.Ordinal) { ["st2"] = st2 };
        var conductor = new WorkflowConductor(spec, expressions, inputs, context) { Limits = Limits };
        var run = new Run(conductor, new Dictionary<string, object?>(StringComparer.Ordinal));
        if (WorkflowStatuses.Completed.Contains(conductor.Status))
        {
            // Input or vars failed to render: the conductor is failed before it runs (StackStorm
            // then records the workflow failed with those errors, without requesting it to run).
            return Step(run, [new WorkflowFinishedCommand(conductor.Status, conductor.Output, conductor.Errors.ToList())]);
        }

        return Step(run, conductor.Apply(new WorkflowStatusEvent(WorkflowStatuses.Running)));
    }

    // Reuses the preloaded spec (and its composed graph) instead of re-parsing the saved one on every
    // event; a state saved under an older definition of the workflow keeps running on that definition.
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

        var rebuilt = WorkflowConductor.Deserialize(saved, expressions);
        rebuilt.Limits = Limits;
        return rebuilt;
    }

    /// <inheritdoc/>
    public WorkflowStep Apply(string state, WorkflowStepEvent stepEvent)
    {
        ArgumentNullException.ThrowIfNull(stepEvent);
        var saved = JsonText.Parse(state) as Dictionary<string, object?>
            ?? throw new ArgumentException("The workflow state is not a JSON object.", nameof(state));
        var conductor = Restore(saved.GetValueOrDefault(ConductorKey));
        var items = saved.GetValueOrDefault(ItemsKey) as Dictionary<string, object?> ?? new(StringComparer.Ordinal);
        if (saved.GetValueOrDefault(FinishedKey) is true)
        {
            throw new InvalidOperationException("The workflow has finished; it takes no more events.");
        }

        var run = new Run(conductor, items);

        switch (stepEvent)
        {
            case WorkflowControlEvent control:
                string requested = control.Signal switch
                {
                    WorkflowControlSignal.Pause => WorkflowStatuses.Pausing,
                    WorkflowControlSignal.Resume => WorkflowStatuses.Resuming,
                    _ => WorkflowStatuses.Canceling,
                };
                try
                {
                    return Step(run, conductor.Apply(new WorkflowStatusEvent(requested)));
                }
                catch (WorkflowConductorException)
                {
                    // Not allowed in the current status (resume of a running workflow, pause of a
                    // finished one…): StackStorm refuses the request and the workflow goes on as it was.
                    return Step(run, []);
                }

            case TaskActionEvent task:
                var commands = new List<ConductorCommand>();
                if (conductor.Status == WorkflowStatuses.Paused && task.Status != WorkflowStatuses.Pending
                    && conductor.GetTaskState(task.Key.TaskId, task.Key.Route)?.Status == WorkflowStatuses.Pending)
                {
                    // An inquiry was answered: StackStorm resumes the paused workflow first.
                    commands.AddRange(conductor.Apply(new WorkflowStatusEvent(WorkflowStatuses.Resuming)));
                }

                object? result = JsonText.Parse(task.ResultJson);
                commands.AddRange(conductor.Apply(run.TaskEvent(task.Key, task.Status, result)));
                return Step(run, commands);

            default:
                throw new ArgumentException($"Unknown workflow event {stepEvent.GetType().Name}.", nameof(stepEvent));
        }
    }

    private ActionTaskCommand ToCommand(TaskCommand task, TaskActionCommand action)
    {
        string actionRef = action.Action as string ?? string.Empty;
        ActionSpec? spec = definitions.Catalog.FindAction(actionRef);
        var input = action.Input as Dictionary<string, object?> ?? new(StringComparer.Ordinal);
        ActionTaskKind kind = spec?.RunnerType switch
        {
            "orquesta" => ActionTaskKind.Workflow,
            "inquirer" => ActionTaskKind.Inquiry,
            _ => ActionTaskKind.Action,
        };
        double? ttl = kind == ActionTaskKind.Inquiry ? InquiryTtl(input, spec) : null;
        if (kind == ActionTaskKind.Workflow && spec is not null)
        {
            // A sub-workflow starts as an orchestration, not through the action use case, so its parameters are
            // resolved here as StackStorm resolves every execution's: defaults fill the gaps, Jinja (other
            // parameters, st2kv) is rendered, types are checked. Throws ActionParameterException when refused.
            ResolvedParameters resolved = ActionParameterResolver.Resolve(
                spec, RunnerTypeCatalog.Default.Find(spec.RunnerType), input, new ParameterTemplate(ParameterEngine, keyValues));
            input = new Dictionary<string, object?>(resolved.ActionParameters, StringComparer.Ordinal);
            foreach ((string name, object? value) in resolved.RunnerParameters)
            {
                input.TryAdd(name, value);
            }
        }

        return new ActionTaskCommand(
            new TaskKey(task.Id, task.Route, action.ItemId),
            actionRef,
            JsonText.Serialize(input),
            kind,
            task.Delay is > 0 and long delay ? delay : null,
            ttl);
    }

    /// <summary>core.ask's <c>ttl</c> (minutes; its default 1440 when not given).</summary>
    private static double? InquiryTtl(Dictionary<string, object?> input, ActionSpec? spec)
    {
        object? ttl = input.GetValueOrDefault("ttl");
        if (ttl is null && spec is not null && spec.EffectiveParameters.TryGetValue("ttl", out ActionParameterSpec? parameter))
        {
            ttl = parameter.Default;
        }

        return ttl switch
        {
            long l => l,
            int i => i,
            double d => d,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>
    /// Marks every action the conductor asks for as running (as StackStorm does when it schedules
    /// them), completes with-items tasks that have no items, and packs up the state, the actions to
    /// start and, once the workflow has finished, its result.
    /// </summary>
    private WorkflowStep Step(Run run, IReadOnlyList<ConductorCommand> commands)
    {
        var toStart = new List<ActionTaskCommand>();
        var queue = new Queue<ConductorCommand>(commands);

        // Every Apply answers all tasks ready now, so a task asked for by one event can be asked
        // for again by the next before it has been marked running: each is started once.
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
                        if (!started.Add(new TaskKey(runTask.Task.Id, runTask.Task.Route, action.ItemId)))
                        {
                            continue;
                        }

                        if (action.Action is null || (action.Action is string name && name.Length == 0))
                        {
                            // An action-less task only routes: it succeeds at once with no result.
                            var key = new TaskKey(runTask.Task.Id, runTask.Task.Route, action.ItemId);
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Running, null)));
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(key, WorkflowStatuses.Succeeded, null)));
                            continue;
                        }

                        ActionTaskCommand command;
                        try
                        {
                            command = ToCommand(runTask.Task, action);
                        }
                        catch (ActionParameterException e)
                        {
                            // The sub-workflow's parameters are refused: its task fails, as StackStorm fails an
                            // execution it cannot create, instead of starting the child.
                            var refused = new TaskKey(runTask.Task.Id, runTask.Task.Route, action.ItemId);
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(refused, WorkflowStatuses.Running, null)));
                            Enqueue(queue, run.Conductor.Apply(run.TaskEvent(
                                refused, WorkflowStatuses.Failed, new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = e.Message })));
                            continue;
                        }

                        toStart.Add(command);
                        Enqueue(queue, run.Conductor.Apply(run.TaskEvent(command.Key, WorkflowStatuses.Running, null)));
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
            [ItemsKey] = run.Items,
            [FinishedKey] = run.Result is not null,
        };
        return new WorkflowStep(JsonText.Serialize(state), toStart, run.Conductor.Status, run.Result);
    }

    private static void Enqueue(Queue<ConductorCommand> queue, IReadOnlyList<ConductorCommand> commands)
    {
        foreach (ConductorCommand command in commands)
        {
            queue.Enqueue(command);
        }
    }

    /// <summary>StackStorm's orquesta result: <c>{"output": …}</c>, with <c>errors</c> when there are any.</summary>
    private static string ResultOf(WorkflowFinishedCommand finished)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (finished.Errors.Count > 0)
        {
            result["errors"] = finished.Errors.Select(e => (object?)PlainValues.DeepClone(e)).ToList();
        }

        result["output"] = PlainValues.DeepClone(finished.Output);
        return JsonText.Serialize(result);
    }

    /// <summary>The conductor of one step and the with-items results accumulated so far.</summary>
    private sealed class Run(WorkflowConductor conductor, Dictionary<string, object?> items, string? result = null)
    {
        public WorkflowConductor Conductor => conductor;

        public Dictionary<string, object?> Items => items;

        public string? Result { get; set; } = result;

        /// <summary>The conductor event for an action's status; for an item, with all item results so far.</summary>
        public TaskStatusEvent TaskEvent(TaskKey key, string status, object? result)
        {
            if (key.ItemId is not int itemId)
            {
                return new TaskStatusEvent(key.TaskId, key.Route, status, result);
            }

            string name = key.TaskId + "__r" + key.Route.ToString(CultureInfo.InvariantCulture);
            var accumulated = items.GetValueOrDefault(name) as List<object?> ?? [];
            while (accumulated.Count <= itemId)
            {
                accumulated.Add(null);
            }

            if (status != WorkflowStatuses.Running && status != WorkflowStatuses.Pending)
            {
                accumulated[itemId] = result;
            }

            items[name] = accumulated;
            // A snapshot of the list (later items are written into ours); the results themselves are never mutated.
            return new TaskStatusEvent(key.TaskId, key.Route, status, result, itemId, new List<object?>(accumulated));
        }
    }
}
