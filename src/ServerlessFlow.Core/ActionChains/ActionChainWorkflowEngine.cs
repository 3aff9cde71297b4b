using System.Globalization;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.ActionChains;

/// <summary>
/// StackStorm's ActionChain runner (<c>contrib/runners/action_chain_runner</c>) as a pure workflow engine: the same entry
/// point as Orquesta (<see cref="IWorkflowEngine"/>), state and one event in, new state and the next action out. The chain
/// runs one node at a time: its parameters are rendered (Jinja over the action's parameters, earlier results by node name,
/// <c>__results</c>, <c>vars</c>, <c>st2kv</c>, <c>system</c>, <c>action_context</c>, <c>config_context</c>) and cast to the
/// action's parameter types, its action runs, its <c>publish</c> block is rendered into the chain's variables, and
/// <c>on-success</c> or <c>on-failure</c> names the next node. The chain's status is the last node's (succeeded, failed,
/// timeout, canceled), and its result is StackStorm's: <c>{"tasks": [...], "published": {...}}</c> with each task's
/// <c>id</c>, <c>name</c>, <c>execution_id</c>, <c>liveaction_id</c>, <c>workflow</c>, <c>created_at</c>,
/// <c>updated_at</c>, <c>state</c> and <c>result</c>, and <c>error</c> when the chain itself failed.
/// </summary>
/// <remarks>
/// Pause and cancel act between nodes, as StackStorm's: the running node finishes, then the chain is paused (and runs the
/// next node when resumed) or canceled. A node whose action is pending (an inquiry) pauses the chain; its answer resumes
/// the chain. Times and execution ids come in with the events (<see cref="ActionStatusChanged.At"/>,
/// <see cref="ActionStatusChanged.ExecutionId"/>); without them a task's are null. Reading <c>st2kv</c> goes through the
/// given key-value lookup, so hosts step chains that read keys where a replay sees the values read the first time.
/// </remarks>
public sealed class ActionChainWorkflowEngine : IWorkflowEngine
{
    /// <summary>StackStorm's runner name.</summary>
    public const string RunnerName = "action-chain";

    // The runners whose "cmd" is shell text (the local and the SSH shell): their values travel as environment variables.
    private static readonly HashSet<string> ShellCommandRunners = new(StringComparer.Ordinal) { "local-shell-cmd", "remote-shell-cmd" };

    private readonly IActionChainSource chains;
    private readonly IWorkflowActionCatalog actions;
    private readonly Func<string, ActionSpec?> findAction;
    private readonly IKeyValueLookup? keyValues;
    private readonly Func<string, IReadOnlyDictionary<string, object?>?> packConfig;
    private readonly HashSet<string> runnerParameterNames;

    /// <summary>
    /// Creates the engine over the chain definitions, the host's action catalog (what kind each action is, sub-workflow
    /// inputs), a lookup of the loaded actions (existence and parameter types, as StackStorm casts node parameters), the
    /// key-value store for <c>st2kv</c> and <c>system</c> (null: keys read as missing), and the pack configurations for
    /// <c>config_context</c> (null: none).
    /// </summary>
    public ActionChainWorkflowEngine(
        IActionChainSource chains,
        IWorkflowActionCatalog actions,
        Func<string, ActionSpec?> findAction,
        IKeyValueLookup? keyValues = null,
        Func<string, IReadOnlyDictionary<string, object?>?>? packConfig = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(findAction);
        this.chains = chains;
        this.actions = actions;
        this.findAction = findAction;
        this.keyValues = keyValues;
        this.packConfig = packConfig ?? (_ => null);
        runnerParameterNames = (RunnerTypeCatalog.Default.Find(RunnerName)?.RunnerParameters.Keys ?? ["display_published", "skip_notify"])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public WorkflowTurn Start(WorkflowStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        string? at = Timestamp(start.At);
        ActionChainSpec? spec;
        if (start.DefinitionVersion is { } version)
        {
            if (!chains.TryGetChain(start.WorkflowRef, version, out spec))
            {
                throw new WorkflowEngineException($"Version {version} of action chain {start.WorkflowRef}, which this execution started with, is not known here.");
            }
        }
        else if (!chains.TryGetChain(start.WorkflowRef, out spec))
        {
            if (findAction(start.WorkflowRef)?.RunnerType != RunnerName)
            {
                throw new WorkflowEngineException(chains.WhyNoChain(start.WorkflowRef));
            }

            // StackStorm's pre_run failed (bad definition): the execution fails with the reason.
            var failed = ChainRun.Create(start, runnerParameterNames, displayPublished: false);
            failed.FinishWith(WorkflowStatus.Failed, Error(chains.WhyNoChain(start.WorkflowRef)));
            return failed.Turn([]);
        }

        var run = ChainRun.Create(start, runnerParameterNames, displayPublished: start.Inputs.GetValueOrDefault("display_published") is not false);
        var step = new Step(this, spec, run, at);
        try
        {
            run.Vars = spec.Vars.Count == 0 ? [] : ChainTemplates.RenderValues(spec.Vars, VarsContext(run), keyValues);
        }
        catch (ChainRenderException e)
        {
            run.Fail("Failed initializing ``vars`` in chain.", e.Message);
            return run.Turn([]);
        }

        step.Advance(spec.Default);
        return run.Turn(step.Requests);
    }

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, WorkflowEngineEvent engineEvent) => Apply(state, [engineEvent]);

    /// <inheritdoc/>
    /// <remarks>StackStorm re-runs tasks of Orquesta workflows only; an ActionChain is re-run whole.</remarks>
    public WorkflowTurn Rerun(WorkflowEngineState state, WorkflowRerun rerun) =>
        throw new WorkflowEngineException("Task option is only supported for Orquesta workflows.");

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(engineEvents);
        ChainRun run = ChainRun.From(state.Value);
        if (run.Finished)
        {
            throw new WorkflowEngineException("The action chain has finished; it takes no more events.");
        }

        // A pinned run reads the version it started with, whatever is loaded now.
        ActionChainSpec? spec;
        if (run.DefinitionVersion is { } version)
        {
            if (!chains.TryGetChain(run.Chain, version, out spec))
            {
                throw new WorkflowEngineException($"Version {version} of action chain {run.Chain}, which this execution started with, is not known here.");
            }
        }
        else if (!chains.TryGetChain(run.Chain, out spec))
        {
            throw new WorkflowEngineException(chains.WhyNoChain(run.Chain));
        }

        var requests = new List<ActionRequest>();
        foreach (WorkflowEngineEvent engineEvent in engineEvents)
        {
            if (run.Finished)
            {
                throw new WorkflowEngineException("The action chain has finished; it takes no more events.");
            }

            switch (engineEvent)
            {
                case ActionStatusChanged action:
                    var step = new Step(this, spec, run, Timestamp(action.At));
                    step.OnAction(action);
                    requests.AddRange(step.Requests);
                    break;
                case WorkflowControlRequested control:
                    var controlStep = new Step(this, spec, run, Timestamp(control.At));
                    controlStep.OnControl(control.Control);
                    requests.AddRange(controlStep.Requests);
                    break;
                default:
                    throw new WorkflowEngineException($"Action chains take no {engineEvent.GetType().Name} events.");
            }
        }

        return run.Turn(requests);
    }

    /// <summary>
    /// The chain's result as it stands in <paramref name="state"/>: its final result once it has finished, otherwise the
    /// tasks so far and the published variables (what StackStorm shows on a paused or running chain's execution).
    /// </summary>
    public static Dictionary<string, object?> ResultOf(WorkflowEngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ChainRun run = ChainRun.From(state.Value);
        return run.Final ?? run.Result();
    }

    private static Dictionary<string, object?> Error(string message) =>
        new(StringComparer.Ordinal) { ["error"] = message };

    /// <summary>StackStorm's <c>isotime.format</c>: microseconds and a <c>+00:00</c> offset.</summary>
    private static string? Timestamp(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    // _get_rendered_vars: the action's parameters and st2kv (system and user scopes) only.
    private static Dictionary<string, object?> VarsContext(ChainRun run) => new(run.Parameters, StringComparer.Ordinal);

    /// <summary>One event's worth of work on a chain: what it asks to run.</summary>
    private sealed class Step(ActionChainWorkflowEngine engine, ActionChainSpec spec, ChainRun run, string? at)
    {
        public List<ActionRequest> Requests { get; } = [];

        /// <summary>An action the chain started changed status.</summary>
        public void OnAction(ActionStatusChanged action)
        {
            if (run.Node is not { } nodeName || action.Key.TaskId != nodeName)
            {
                throw new WorkflowEngineException($"Task {action.Key} is not running in action chain {run.Chain} (running: {run.Node ?? "none"}).");
            }

            // A sub-workflow node that pauses (or goes on again) tells its chain so; the chain waits for the node's end as before.
            if (action.Status is WorkflowStatus.Requested or WorkflowStatus.Scheduled or WorkflowStatus.Delayed or WorkflowStatus.Running
                or WorkflowStatus.Pausing or WorkflowStatus.Paused or WorkflowStatus.Resuming)
            {
                return;
            }

            ActionChainNodeSpec node = spec.FindNode(nodeName)
                ?? throw new WorkflowEngineException($"Action chain {run.Chain} has no node \"{nodeName}\" any more.");
            object? result = PlainValues.DeepClone(action.Result);
            if (run.NodeState == NodeStates.Pending)
            {
                if (action.Status == WorkflowStatus.Pending)
                {
                    return;
                }

                Answered(node, action, result);
                return;
            }

            Completed(node, action, result);
        }

        /// <summary>An operator paused, resumed or canceled the chain.</summary>
        public void OnControl(WorkflowControl control)
        {
            switch (control)
            {
                case WorkflowControl.Pause when run.Status == WorkflowStatus.Running:
                    run.Status = WorkflowStatus.Pausing;
                    break;
                case WorkflowControl.Resume when run.Status == WorkflowStatus.Pausing:
                    // Here a sub-workflow's pause never reaches its parent as a paused task (the parent waits for the child
                    // to end), so the parent stays pausing while its child is paused and must be resumable from there.
                    run.Status = WorkflowStatus.Running;
                    break;
                case WorkflowControl.Resume when run.Status == WorkflowStatus.Paused:
                    run.Status = WorkflowStatus.Running;
                    if (run.NodeState is null)
                    {
                        string? next = run.Next;
                        run.Next = null;
                        Advance(next);
                    }

                    break;
                case WorkflowControl.Cancel when run.Status is WorkflowStatus.Running or WorkflowStatus.Pausing:
                    run.Status = WorkflowStatus.Canceling;
                    break;
                case WorkflowControl.Cancel when run.Status == WorkflowStatus.Paused:
                    // request_cancellation of a paused execution cancels it at once, its result replaced by the notice.
                    run.FinishWith(WorkflowStatus.Canceled, new Dictionary<string, object?>(StringComparer.Ordinal) { ["message"] = "Action canceled by user." });
                    break;
            }
        }

        /// <summary>The loop of <c>_run_chain</c> from a node on: run it, or end the chain when there is none.</summary>
        public void Advance(string? nodeName)
        {
            while (true)
            {
                if (nodeName is null)
                {
                    run.FinishWith(run.ChainStatus, run.Result());
                    return;
                }

                ActionChainNodeSpec node = spec.FindNode(nodeName)
                    ?? throw new WorkflowEngineException($"Action chain {run.Chain} has no node \"{nodeName}\".");
                ActionSpec? action = engine.findAction(node.Ref);
                if (action is null)
                {
                    run.Fail(
                        $"Failed to run task \"{node.Name}\". Action with reference \"{node.Ref}\" doesn't exist.",
                        $"Task :: {node.Name} - Action with ref {node.Ref} not registered.");
                    return;
                }

                Dictionary<string, object?> parameters;
                try
                {
                    parameters = RenderParameters(node, action);
                }
                catch (ChainRenderException e)
                {
                    run.Fail(
                        $"Failed to run task \"{node.Name}\". Parameter rendering failed.",
                        $"Failed rendering value for action parameter \"{e.Key}\" in task \"{node.Name}\" (template string={e.Template}): {e.Message}");
                    return;
                }

                string? castError = Cast(parameters, action);
                if (castError is not null)
                {
                    // cast_params raises out of the runner: StackStorm fails the execution with only the error.
                    run.FinishWith(WorkflowStatus.Failed, Error(castError));
                    return;
                }

                var key = new TaskKey(node.Name, 0);
                ActionRequest request;
                try
                {
                    request = engine.actions.Describe(key, node.Ref, parameters, null);
                }
                catch (ActionInputRefusedException e)
                {
                    // action_service.request raised: the task is recorded failed with the error and the chain goes on.
                    var error = Error($"Failed running task \"{node.Name}\".. {e.Message}");
                    run.Results[node.Name] = error;
                    run.Tasks.Add(TaskEntry(node.Name, null, at, at, WorkflowStatus.Failed, PlainValues.DeepClone(error)));
                    run.ChainStatus = WorkflowStatus.Failed;
                    if (!TryNext(node, node.OnFailure, out nodeName) || !ContinueAfterNode(nodeName))
                    {
                        return;
                    }

                    continue;
                }

                Requests.Add(request);
                run.Node = node.Name;
                run.NodeState = NodeStates.Running;
                run.RequestedAt = at;
                return;
            }
        }

        private void Completed(ActionChainNodeSpec node, ActionStatusChanged action, object? result)
        {
            run.Results[node.Name] = result;
            if (node.Publish is { } publish)
            {
                Dictionary<string, object?> published;
                try
                {
                    published = ChainTemplates.RenderValues(publish, PublishContext(node, result), engine.keyValues);
                }
                catch (ChainRenderException e)
                {
                    // The exception leaves the runner: StackStorm fails the execution with only the error.
                    run.FinishWith(WorkflowStatus.Failed, Error(
                        $"Failed rendering value for publish parameter \"{e.Key}\" in task \"{node.Name}\" (template string={e.Template}): {e.Message}"));
                    return;
                }

                foreach ((string name, object? value) in published)
                {
                    run.Vars[name] = value;
                    if (run.Published is { } shown)
                    {
                        shown[name] = PlainValues.DeepClone(value);
                    }
                }
            }

            if (run.NodeState == NodeStates.Paused && run.Tasks.Count > 0 && run.Tasks[^1] is Dictionary<string, object?> last
                && last.GetValueOrDefault("name") as string == node.Name)
            {
                // A paused sub-workflow resumed and ended: its entry is replaced, as StackStorm's resume does.
                run.Tasks.RemoveAt(run.Tasks.Count - 1);
            }

            run.Tasks.Add(TaskEntry(node.Name, action.ExecutionId, run.RequestedAt, at, action.Status, PlainValues.DeepClone(result)));
            string? next = null;
            string? target = null;
            switch (action.Status)
            {
                case WorkflowStatus.Timeout:
                    run.ChainStatus = WorkflowStatus.Timeout;
                    target = node.OnFailure;
                    break;
                case WorkflowStatus.Canceled:
                    run.ChainStatus = WorkflowStatus.Canceled;
                    break;
                case WorkflowStatus.Paused:
                    run.ChainStatus = WorkflowStatus.Paused;
                    run.NodeState = NodeStates.Paused;
                    break;
                case WorkflowStatus.Pending:
                    run.ChainStatus = WorkflowStatus.Paused;
                    run.NodeState = NodeStates.Pending;
                    break;
                case WorkflowStatus.Failed or WorkflowStatus.Abandoned:
                    run.ChainStatus = WorkflowStatus.Failed;
                    target = node.OnFailure;
                    break;
                case WorkflowStatus.Succeeded:
                    run.ChainStatus = WorkflowStatus.Succeeded;
                    target = node.OnSuccess;
                    break;
            }

            if (target is not null && !TryNext(node, target, out next))
            {
                return;
            }

            if (run.NodeState is not (NodeStates.Pending or NodeStates.Paused))
            {
                run.Node = null;
                run.NodeState = null;
                run.RequestedAt = null;
            }

            if (!ContinueAfterNode(next))
            {
                return;
            }

            if (run.ChainStatus == WorkflowStatus.Paused)
            {
                // The node's action is paused or waits for an answer: so does the chain.
                run.Status = WorkflowStatus.Paused;
                return;
            }

            Advance(next);
        }

        /// <summary>
        /// The answer to a node that was pending (an inquiry), as StackStorm's resume sees it: the chain resumes, the task's
        /// entry takes the new status and result, the next node follows from the status (a timeout counts as a failure
        /// here), and the node's publish block is not rendered. Quirk kept: later templates find the answer under the
        /// node's name as its earlier result with the new result under <c>result</c> (<c>task1.result.response</c>).
        /// </summary>
        private void Answered(ActionChainNodeSpec node, ActionStatusChanged action, object? result)
        {
            if (run.Status == WorkflowStatus.Paused)
            {
                run.Status = WorkflowStatus.Running;
            }

            if (run.Tasks.Count > 0 && run.Tasks[^1] is Dictionary<string, object?> last && last.GetValueOrDefault("name") as string == node.Name)
            {
                last["state"] = action.Status.ToName();
                last["updated_at"] = at ?? last.GetValueOrDefault("updated_at");
                last["result"] = PlainValues.DeepClone(result);
                if (action.ExecutionId is { } id)
                {
                    last["execution_id"] = id;
                    last["liveaction_id"] = id;
                }
            }

            if (run.Results.GetValueOrDefault(node.Name) is Dictionary<string, object?> earlier)
            {
                earlier["result"] = result;
            }
            else
            {
                run.Results[node.Name] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = result };
            }

            run.Node = null;
            run.NodeState = null;
            run.RequestedAt = null;
            string? next = null;
            switch (action.Status)
            {
                case WorkflowStatus.Canceled:
                    run.FinishWith(WorkflowStatus.Canceled, run.Result());
                    return;
                case WorkflowStatus.Succeeded:
                    run.ChainStatus = WorkflowStatus.Succeeded;
                    if (!TryNext(node, node.OnSuccess, out next))
                    {
                        return;
                    }

                    break;
                case WorkflowStatus.Failed or WorkflowStatus.Timeout or WorkflowStatus.Abandoned:
                    run.ChainStatus = WorkflowStatus.Failed;
                    if (!TryNext(node, node.OnFailure, out next))
                    {
                        return;
                    }

                    break;
            }

            if (run.Status == WorkflowStatus.Canceling)
            {
                run.FinishWith(WorkflowStatus.Canceled, run.Result());
                return;
            }

            Advance(next);
        }

        /// <summary>get_next_node: the named node; a name that is not in the chain (a Jinja name, never rendered) fails the chain.</summary>
        private bool TryNext(ActionChainNodeSpec node, string? target, out string? next)
        {
            next = null;
            if (string.IsNullOrEmpty(target))
            {
                return true;
            }

            if (spec.FindNode(target) is null)
            {
                run.Fail($"Failed to get next node \"{node.Name}\".", $"Unable to find node with name \"{target}\".");
                return false;
            }

            next = target;
            return true;
        }

        /// <summary>After each node: a cancel request ends the chain canceled; a pause request pauses it before the next node.</summary>
        private bool ContinueAfterNode(string? next)
        {
            if (run.Status == WorkflowStatus.Canceling)
            {
                run.FinishWith(WorkflowStatus.Canceled, run.Result());
                return false;
            }

            if (run.Status is WorkflowStatus.Pausing or WorkflowStatus.Paused)
            {
                run.Status = WorkflowStatus.Paused;
                run.Next = next;
                return false;
            }

            return true;
        }

        private Dictionary<string, object?> RenderParameters(ActionChainNodeSpec node, ActionSpec action)
        {
            if (node.Parameters is not { } templates)
            {
                return new Dictionary<string, object?>(StringComparer.Ordinal);
            }

            // _resolve_params: parameters, results, vars, __results, system, st2kv, action_context, config_context.
            var context = new Dictionary<string, object?>(run.Parameters, StringComparer.Ordinal);
            foreach ((string name, object? value) in run.Results)
            {
                context[name] = value;
            }

            foreach ((string name, object? value) in run.Vars)
            {
                context[name] = value;
            }

            context["__results"] = run.Results;
            context["system"] = ChainTemplates.KeyValueScope(engine.keyValues, "system");
            context["action_context"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["parent"] = run.ParentContext };
            context["config_context"] = engine.packConfig(run.Pack) is { } config
                ? new Dictionary<string, object?>(config, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);

            // A shell runner's command gets its values as environment variables, never as shell text.
            bool shell = ShellCommandRunners.Contains(action.RunnerType) && templates.ContainsKey("cmd");
            var environment = shell ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
            Dictionary<string, object?> rendered = ChainTemplates.RenderValues(templates, context, engine.keyValues, shell ? "cmd" : null, environment);
            if (environment is { Count: > 0 })
            {
                var env = rendered.GetValueOrDefault("env") as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach ((string name, string value) in environment)
                {
                    env[name] = value;
                }

                rendered["env"] = env;
            }

            return rendered;
        }

        private Dictionary<string, object?> PublishContext(ActionChainNodeSpec node, object? result)
        {
            // _render_publish_vars: parameters, the node's result, all results, vars, __results, system, st2kv.
            var context = new Dictionary<string, object?>(run.Parameters, StringComparer.Ordinal) { [node.Name] = result };
            foreach ((string name, object? value) in run.Results)
            {
                context[name] = value;
            }

            foreach ((string name, object? value) in run.Vars)
            {
                context[name] = value;
            }

            context["__results"] = run.Results;
            context["system"] = ChainTemplates.KeyValueScope(engine.keyValues, "system");
            return context;
        }

        /// <summary>cast_params: each parameter with a declared type is cast to it; the first failure is StackStorm's message.</summary>
        private static string? Cast(Dictionary<string, object?> parameters, ActionSpec action)
        {
            foreach (string name in parameters.Keys.ToList())
            {
                if (!action.EffectiveParameters.TryGetValue(name, out ActionParameterSpec? spec) || spec.Type is not { } type)
                {
                    continue;
                }

                object? value = parameters[name];
                try
                {
                    parameters[name] = ParameterCasts.Cast(value, type);
                }
                catch (ParameterException e)
                {
                    return $"Failed to cast value \"{Expressions.Yaql.PythonSemantics.Str(value)}\" (type: {PythonTypeName(value)}) for parameter "
                        + $"\"{name}\" of type \"{type}\": {e.Message}. Perhaps the value is of an invalid type?";
                }
            }

            return null;
        }

        private static string PythonTypeName(object? value) => value switch
        {
            null => "NoneType",
            string => "str",
            bool => "bool",
            long or int => "int",
            double => "float",
            List<object?> => "list",
            Dictionary<string, object?> => "dict",
            _ => value.GetType().Name,
        };

        private static Dictionary<string, object?> TaskEntry(string name, string? executionId, string? createdAt, string? updatedAt, WorkflowStatus state, object? result) =>
            new(StringComparer.Ordinal)
            {
                ["id"] = name,
                ["name"] = name,
                ["execution_id"] = executionId,
                ["liveaction_id"] = executionId,
                ["workflow"] = null,
                ["created_at"] = createdAt,
                ["updated_at"] = updatedAt,
                ["state"] = state.ToName(),
                ["result"] = result,
            };
    }

    /// <summary>What the running node's action is doing.</summary>
    private static class NodeStates
    {
        public const string Running = "running";
        public const string Pending = "pending";
        public const string Paused = "paused";
    }

    /// <summary>A chain execution's state, kept as plain values between events.</summary>
    private sealed class ChainRun
    {
        public required string Chain { get; init; }

        // The content hash of the chain it runs, when the host pins executions to the definition they started with.
        public string? DefinitionVersion { get; init; }

        public required Dictionary<string, object?> Parameters { get; init; }

        public required Dictionary<string, object?> ParentContext { get; init; }

        public required string Pack { get; init; }

        public Dictionary<string, object?> Vars { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, object?> Results { get; init; } = new(StringComparer.Ordinal);

        public List<object?> Tasks { get; init; } = [];

        public Dictionary<string, object?>? Published { get; init; }

        public string? Error { get; set; }

        public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;

        // _run_chain starts from "failed unless explicitly set to succeed".
        public WorkflowStatus ChainStatus { get; set; } = WorkflowStatus.Failed;

        public string? Node { get; set; }

        public string? NodeState { get; set; }

        public string? RequestedAt { get; set; }

        public string? Next { get; set; }

        public Dictionary<string, object?>? Final { get; set; }

        public bool Finished => Final is not null;

        public static ChainRun Create(WorkflowStart start, HashSet<string> runnerParameterNames, bool displayPublished)
        {
            var st2 = start.Context.GetValueOrDefault("st2") as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
            string pack = st2.GetValueOrDefault("pack") as string ?? start.WorkflowRef.Split('.', 2)[0];

            // The children's action_context.parent: the chain's execution id and its own context.
            var parent = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["execution_id"] = st2.GetValueOrDefault("action_execution_id"),
                ["user"] = st2.GetValueOrDefault("user") ?? "stanley",
                ["pack"] = pack,
            };
            if (st2.GetValueOrDefault("parent_execution_id") is string parentId)
            {
                parent["parent"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["execution_id"] = parentId };
            }

            return new ChainRun
            {
                Chain = start.WorkflowRef,
                DefinitionVersion = start.DefinitionVersion,
                Parameters = start.Inputs.Where(p => !runnerParameterNames.Contains(p.Key))
                    .ToDictionary(p => p.Key, p => PlainValues.DeepClone(p.Value), StringComparer.Ordinal),
                ParentContext = parent,
                Pack = pack,
                Published = displayPublished ? new Dictionary<string, object?>(StringComparer.Ordinal) : null,
            };
        }

        /// <summary>The chain's result as it stands: tasks, published variables (when displayed), and the chain's error.</summary>
        public Dictionary<string, object?> Result()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tasks"] = PlainValues.DeepClone(Tasks) };
            if (Published is not null)
            {
                result["published"] = PlainValues.DeepClone(Published);
            }

            if (Error is not null)
            {
                result["error"] = Error;
            }

            return result;
        }

        /// <summary>A top-level error (StackStorm's <c>_format_error</c>): the chain fails with its tasks so far and the error.</summary>
        public void Fail(string message, string cause)
        {
            Error = $"{message}. {cause}";
            ChainStatus = WorkflowStatus.Failed;
            FinishWith(WorkflowStatus.Failed, Result());
        }

        public void FinishWith(WorkflowStatus status, Dictionary<string, object?> result)
        {
            Status = status;
            Final = result;
            Node = null;
            NodeState = null;
            Next = null;
        }

        public WorkflowTurn Turn(IReadOnlyList<ActionRequest> requests) =>
            new(new WorkflowEngineState(ToState()), Finished ? [] : requests, Status, Final is null ? null : PlainValues.DeepClone(Final) as Dictionary<string, object?>);

        public Dictionary<string, object?> ToState()
        {
            var state = State();

            // Only when pinned, so states saved before pinning (and unpinned hosts' states) keep their shape.
            if (DefinitionVersion is not null)
            {
                state["definition_version"] = DefinitionVersion;
            }

            return state;
        }

        private Dictionary<string, object?> State() => new(StringComparer.Ordinal)
        {
            ["chain"] = Chain,
            ["parameters"] = Parameters,
            ["parent_context"] = ParentContext,
            ["pack"] = Pack,
            ["vars"] = Vars,
            ["results"] = Results,
            ["tasks"] = Tasks,
            ["published"] = Published,
            ["error"] = Error,
            ["status"] = Status.ToName(),
            ["chain_status"] = ChainStatus.ToName(),
            ["node"] = Node,
            ["node_state"] = NodeState,
            ["requested_at"] = RequestedAt,
            ["next"] = Next,
            ["final"] = Final,
        };

        public static ChainRun From(Dictionary<string, object?> state)
        {
            try
            {
                var saved = PlainValues.DeepClone(state) as Dictionary<string, object?> ?? throw new WorkflowEngineException("The saved action chain state is empty.");
                return new ChainRun
                {
                    Chain = (string)saved["chain"]!,
                    DefinitionVersion = saved.GetValueOrDefault("definition_version") as string,
                    Parameters = (Dictionary<string, object?>)saved["parameters"]!,
                    ParentContext = (Dictionary<string, object?>)saved["parent_context"]!,
                    Pack = (string)saved["pack"]!,
                    Vars = (Dictionary<string, object?>)saved["vars"]!,
                    Results = (Dictionary<string, object?>)saved["results"]!,
                    Tasks = (List<object?>)saved["tasks"]!,
                    Published = saved.GetValueOrDefault("published") as Dictionary<string, object?>,
                    Error = saved.GetValueOrDefault("error") as string,
                    Status = WorkflowStatusNames.Parse((string)saved["status"]!),
                    ChainStatus = WorkflowStatusNames.Parse((string)saved["chain_status"]!),
                    Node = saved.GetValueOrDefault("node") as string,
                    NodeState = saved.GetValueOrDefault("node_state") as string,
                    RequestedAt = saved.GetValueOrDefault("requested_at") as string,
                    Next = saved.GetValueOrDefault("next") as string,
                    Final = saved.GetValueOrDefault("final") as Dictionary<string, object?>,
                };
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or NullReferenceException or ArgumentException)
            {
                throw new WorkflowEngineException("The saved action chain state cannot be read: " + e.Message, e);
            }
        }
    }
}
