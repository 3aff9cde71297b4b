using System.Globalization;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Graphs;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;
using S = ServerlessFlow.Core.Orquesta.Conducting.WorkflowStatuses;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>
/// Orquesta's workflow conductor as a pure, deterministic state machine: it takes task and workflow
/// events and answers which tasks to run next, with rendered inputs. Operations mirror orquesta's
/// (<c>request_workflow_status</c>, <c>update_task_state</c>, <c>get_next_tasks</c>,
/// <c>request_workflow_rerun</c>, <c>render_workflow_output</c>); the state serialises to JSON and a
/// conductor rebuilt from it continues where it was. No clock, randomness or I/O inside.
/// </summary>
public sealed partial class WorkflowConductor
{
    private readonly IWorkflowExpressionEvaluator _expressions;
    private readonly Dictionary<string, object?> _inputs;
    private readonly Dictionary<string, object?> _parentContext;
    private readonly List<Dictionary<string, object?>> _errors = [];
    private readonly List<Dictionary<string, object?>> _log = [];
    private readonly Dictionary<(string Id, long Route), StagedTask> _stagedIndex = [];
    private readonly Dictionary<string, int> _statusCounts = new(StringComparer.Ordinal);
    private Dictionary<string, object?>? _outputs;
    private WorkflowState? _state;
    private ConductorRandom? _random;

    /// <summary>Creates a conductor for a new execution of <paramref name="spec"/>.</summary>
    public WorkflowConductor(WorkflowSpec spec, IWorkflowExpressionEvaluator expressions, IReadOnlyDictionary<string, object?>? inputs = null, IReadOnlyDictionary<string, object?>? context = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(expressions);
        Spec = spec;
        Graph = WorkflowGraph.For(spec);
        foreach (var task in Graph.Tasks)
        {
            if (!spec.HasTask(task))
            {
                throw new WorkflowConductorException("WorkflowInspectionError", $"The task \"{task}\" named in a transition is not defined (inspect the workflow before running it).");
            }
        }

        _expressions = expressions;
        _inputs = ToDictionary(inputs);
        _parentContext = ToDictionary(context);
    }

    /// <summary>The workflow spec.</summary>
    public WorkflowSpec Spec { get; }

    /// <summary>Bounds on this execution (host configuration, not state: set again after a conductor is rebuilt).</summary>
    public WorkflowLimits Limits { get; set; } = WorkflowLimits.Default;

    /// <summary>The composed workflow graph.</summary>
    public WorkflowGraph Graph { get; }

    /// <summary>The runtime state (created, with inputs and vars rendered, on first use).</summary>
    public WorkflowState State => EnsureState();

    /// <summary>Errors logged so far (<c>{type, message, task_id?, route?, task_transition_id?, result?}</c>).</summary>
    public IReadOnlyList<Dictionary<string, object?>> Errors => _errors;

    /// <summary>Info and warning entries logged so far.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Log => _log;

    /// <summary>The workflow status.</summary>
    public string Status => EnsureState().Status;

    /// <summary>The rendered output, or null until rendered (or when empty).</summary>
    public Dictionary<string, object?>? Output => _outputs;

    /// <summary>The inputs given to the execution.</summary>
    public IReadOnlyDictionary<string, object?> Inputs => _inputs;

    /// <summary>The parent (application) context given to the execution.</summary>
    public IReadOnlyDictionary<string, object?> ParentContext => _parentContext;

    private static Dictionary<string, object?> ToDictionary(IReadOnlyDictionary<string, object?>? source)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (source is not null)
        {
            foreach (var (key, value) in source)
            {
                result[key] = PlainValues.Normalize(value);
            }
        }

        return result;
    }

    private static string RouteKey(string taskId, long route) => taskId + "__r" + route.ToString(CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- state setup

    private WorkflowState EnsureState()
    {
        if (_state is not null)
        {
            return _state;
        }

        _state = new WorkflowState();
        var initial = new Dictionary<string, object?>(_parentContext, StringComparer.Ordinal);
        var errors = new List<Exception>();
        var rendered = RenderParameters(Spec.Input, initial, errors, useRuntimeInputs: true, out _);
        MergeInto(initial, rendered);
        RenderParameters(Spec.Vars, initial, errors, useRuntimeInputs: false, out var vars);
        MergeInto(initial, vars);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                LogError(error, null, null, null);
            }

            RequestWorkflowStatus(S.Failed);
        }

        if (!S.Abended.Contains(_state.Status))
        {
            _state.Contexts.Add(initial);
            _state.Routes.Add([]);
            foreach (var root in Graph.Roots)
            {
                AddStagedTask(root, 0, ContextChain.Root, null, ready: true, retry: null);
            }
        }

        return _state;
    }

    private Dictionary<string, object?> RenderParameters(IReadOnlyList<WorkflowParameterSpec> parameters, Dictionary<string, object?> context, List<Exception> errors, bool useRuntimeInputs, out Dictionary<string, object?> renderedOnly)
    {
        var rolling = new Dictionary<string, object?>(context, StringComparer.Ordinal);
        renderedOnly = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (useRuntimeInputs && _inputs.TryGetValue(parameter.Name, out var given))
            {
                // A value given at run time is data (it may come from a webhook through a rule): only the workflow's own
                // defaults are expressions. Orquesta evaluates given inputs too; see the README's Security section.
                rolling[parameter.Name] = given;
                renderedOnly[parameter.Name] = given;
                continue;
            }

            try
            {
                var result = Evaluate(parameter.Value, rolling, null);
                rolling[parameter.Name] = result;
                renderedOnly[parameter.Name] = result;
            }
            catch (ExpressionException e)
            {
                errors.Add(e);
            }
        }

        return rolling;
    }

    // ---------------------------------------------------------------- expressions

    internal object? Evaluate(object? value, IReadOnlyDictionary<string, object?> context, ExpressionHost? host)
    {
        host ??= new ExpressionHost(this, context);
        _random ??= new ConductorRandom(Spec.Raw, _inputs, _parentContext);
        var scope = new ExpressionScope(context) { Workflow = host, Random = _random };
        return _expressions.Evaluate(value, scope);
    }

    // A task's action input, rendered for its (already rendered) action.
    private object? RenderActionInput(object? action, object? input, IReadOnlyDictionary<string, object?> context, ExpressionHost host)
    {
        _random ??= new ConductorRandom(Spec.Raw, _inputs, _parentContext);
        var scope = new ExpressionScope(context) { Workflow = host, Random = _random };
        return _expressions.RenderActionInput(action as string, input, scope);
    }

    private ExpressionHost TaskHost(IReadOnlyDictionary<string, object?> context, string taskId, long route, object? result = null) =>
        new(this, context) { CurrentTaskId = taskId, CurrentRoute = route, CurrentTaskResult = result };

    internal string LookupTaskStatus(string taskId, long route)
    {
        var index = FindTaskIndex(taskId, route);
        return index is null ? S.Unset : EnsureState().Sequence[index.Value].Status ?? S.Unset;
    }

    /// <summary>The sequence index of a task on a route, or, when the task did not run on that route, on the
    /// longest earlier route whose split transitions are all on this one (orquesta/st2's lookup); null if none.</summary>
    private int? FindTaskIndex(string taskId, long route)
    {
        var state = EnsureState();
        while (true)
        {
            if (state.Tasks.TryGetValue(RouteKey(taskId, route), out var index))
            {
                return index;
            }

            if (route <= 0 || route >= state.Routes.Count)
            {
                return null;
            }

            // Search an earlier route whose split transitions are all on this route (the longest first).
            var current = state.Routes[(int)route];
            var found = -1L;
            for (var r = route - 1; r >= 0; r--)
            {
                if (state.Routes[(int)r].All(current.Contains))
                {
                    found = r;
                    break;
                }
            }

            if (found < 0)
            {
                return null;
            }

            route = found;
        }
    }

    /// <summary>st2's <c>task(id, route)</c> record (its <c>format_task_result</c>): task id and name, route, status
    /// and result (for with-items <c>{items: [{status, result} or null per item]}</c>); null when the task has no
    /// execution on that route. Core keeps no execution ids or clock, so those fields are null.</summary>
    internal object? DescribeTask(string taskId, long route)
    {
        var index = FindTaskIndex(taskId, route);
        if (index is null)
        {
            // st2 reads workflow_state["routes"][route] before searching earlier routes.
            return route > 0 && route >= EnsureState().Routes.Count
                ? throw new ExpressionException(ExpressionErrorKind.Evaluation, "IndexError: list index out of range", string.Empty, 0)
                : null;
        }

        var entry = EnsureState().Sequence[index.Value];
        var result = entry.Result;
        if (result is Dictionary<string, object?> { Count: 1 } record && record.GetValueOrDefault("items") is List<object?> items)
        {
            // The item list is updated in place as items finish: the caller gets its own list.
            result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = new List<object?>(items) };
        }
        else if (result is null && Spec.GetTask(taskId).HasItems)
        {
            // st2 prepares an itemised task's result as one null per item when it creates the task execution
            // (no item reported yet: still staged with its items, or it had none).
            var count = GetStagedTask(taskId, entry.Route)?.Items?.Count ?? 0;
            result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = Enumerable.Repeat<object?>(null, count).ToList() };
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["task_execution_id"] = null,
            ["workflow_execution_id"] = null,
            ["task_name"] = entry.Id,
            ["task_id"] = entry.Id,
            ["route"] = entry.Route,
            ["result"] = result,
            ["status"] = entry.Status ?? S.Unset,
            ["start_timestamp"] = null,
            ["end_timestamp"] = null,
        };
    }

    private static string LanguageOf(string? text) =>
        text is not null && (text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal)) && !text.Contains("<%", StringComparison.Ordinal)
            ? "Jinja"
            : "Yaql";

    private static string DescribeError(Exception e) => e switch
    {
        WorkflowConductorException c => c.Describe(),
        ExpressionException x => $"{LanguageOf(x.Expression)}EvaluationException: Unable to evaluate expression '{x.Expression}'. {x.Message}",
        InvalidCastException or ArgumentException => "TypeError: " + e.Message,
        _ => e.GetType().Name + ": " + e.Message,
    };

    // ---------------------------------------------------------------- logging

    private void LogEntry(string type, string message, string? taskId, long? route, string? transitionId, object? result, bool hasResult)
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = type, ["message"] = message };
        if (taskId is not null)
        {
            entry["task_id"] = taskId;
        }

        if (route is not null)
        {
            entry["route"] = route.Value;
        }

        if (transitionId is not null)
        {
            entry["task_transition_id"] = transitionId;
        }

        if (hasResult && result is not null)
        {
            entry["result"] = result;
        }

        var log = type == "error" ? _errors : _log;
        if (log.Any(x => PlainValues.DeepEquals(x, entry)))
        {
            return;
        }

        log.Add(entry);
    }

    private void LogError(Exception e, string? taskId, long? route, string? transitionId) =>
        LogEntry("error", DescribeError(e), taskId, route, transitionId, null, false);

    /// <summary>Adds an entry to the log (<c>info</c>, <c>warn</c>) or the errors (<c>error</c>); duplicates are ignored.</summary>
    public void AddLogEntry(string type, string message, string? taskId = null, long? route = null)
    {
        if (type is not ("info" or "warn" or "error"))
        {
            throw new WorkflowConductorException("WorkflowLogEntryError", $"The log entry type \"{type}\" is not valid.");
        }

        LogEntry(type, message, taskId, route, null, null, false);
    }

    // ---------------------------------------------------------------- task index and status counts

    private bool IsLatest(TaskState entry, int index) =>
        _state!.Tasks.TryGetValue(RouteKey(entry.Id, entry.Route), out var latest) && latest == index;

    private void CountStatus(string? status, int delta)
    {
        var key = status ?? S.Unset;
        _statusCounts[key] = _statusCounts.GetValueOrDefault(key) + delta;
    }

    private void SetTaskStatus(TaskState entry, string status)
    {
        if (entry.Status == status)
        {
            return;
        }

        var state = EnsureState();
        if (state.Tasks.TryGetValue(RouteKey(entry.Id, entry.Route), out var latest) && ReferenceEquals(state.Sequence[latest], entry))
        {
            CountStatus(entry.Status, -1);
            CountStatus(status, +1);
        }

        entry.Status = status;
    }

    private int CountLatest(IEnumerable<string> statuses) => statuses.Sum(s => _statusCounts.GetValueOrDefault(s));

    private bool HasActiveTasks => CountLatest(S.Active) > 0;

    private bool HasPausingTasks => _statusCounts.GetValueOrDefault(S.Pausing) > 0;

    private bool HasPausedTasks => _statusCounts.GetValueOrDefault(S.Paused) + _statusCounts.GetValueOrDefault(S.Pending) > 0;

    private bool HasCancelingTasks => _statusCounts.GetValueOrDefault(S.Canceling) > 0;

    private bool HasCanceledTasks => _statusCounts.GetValueOrDefault(S.Canceled) > 0;

    private IEnumerable<(int Index, TaskState Task)> LatestTasksWithStatus(IReadOnlySet<string> statuses)
    {
        var state = EnsureState();
        foreach (var index in state.Tasks.Values.Order())
        {
            var entry = state.Sequence[index];
            if (entry.Status is not null && statuses.Contains(entry.Status))
            {
                yield return (index, entry);
            }
        }
    }

    private void RebuildIndexes()
    {
        var state = _state!;
        _statusCounts.Clear();
        foreach (var index in state.Tasks.Values)
        {
            CountStatus(state.Sequence[index].Status, +1);
        }

        _stagedIndex.Clear();
        foreach (var staged in state.Staged)
        {
            _stagedIndex.TryAdd((staged.Id, staged.Route), staged);
        }
    }

    /// <summary>The latest task state entry of a task on a route, or null.</summary>
    public TaskState? GetTaskState(string taskId, long route)
    {
        var state = EnsureState();
        return state.Tasks.TryGetValue(RouteKey(taskId, route), out var index) ? state.Sequence[index] : null;
    }

    private int? GetTaskStateIndex(string taskId, long route) =>
        EnsureState().Tasks.TryGetValue(RouteKey(taskId, route), out var index) ? index : null;

    // ---------------------------------------------------------------- staging

    /// <summary>The staged entry of a task on a route, or null.</summary>
    public StagedTask? GetStagedTask(string taskId, long route) =>
        _stagedIndex.TryGetValue((taskId, route), out var staged) ? staged : null;

    private IEnumerable<StagedTask> ReadyStagedTasks => EnsureState().Staged.Where(s => s.Ready && !s.Completed);

    private bool HasStagedTasks => EnsureState().Staged.Any(s => s.Ready && !s.Completed);

    private StagedTask AddStagedTask(string taskId, long route, ContextChain? contexts, Dictionary<string, int>? prev, bool ready, TaskRetryState? retry)
    {
        var entry = new StagedTask
        {
            Id = taskId,
            Route = route,
            ContextsIn = contexts ?? ContextChain.Root,
            Prev = prev ?? new Dictionary<string, int>(StringComparer.Ordinal),
            Ready = ready,
            Retry = retry,
        };
        _state!.Staged.Add(entry);
        _stagedIndex.TryAdd((taskId, route), entry);
        return entry;
    }

    private void RemoveStagedTask(string taskId, long route)
    {
        var staged = GetStagedTask(taskId, route);
        if (staged is null)
        {
            return;
        }

        if (staged.Items is not null && staged.CountItems(S.Active) > 0)
        {
            return;
        }

        var list = _state!.Staged;
        list.Remove(staged);
        _stagedIndex.Remove((taskId, route));
        var other = list.FirstOrDefault(s => s.Id == taskId && s.Route == route);
        if (other is not null)
        {
            _stagedIndex[(taskId, route)] = other;
        }
    }

    // ---------------------------------------------------------------- contexts

    private static void MergeInto(Dictionary<string, object?> left, IReadOnlyDictionary<string, object?> right)
    {
        foreach (var (key, value) in right)
        {
            if (left.TryGetValue(key, out var existing) && existing is Dictionary<string, object?> l && value is Dictionary<string, object?> r)
            {
                var copy = new Dictionary<string, object?>(l, StringComparer.Ordinal);
                MergeInto(copy, r);
                left[key] = copy;
            }
            else
            {
                left[key] = value;
            }
        }
    }

    private Dictionary<string, object?> MergeContexts(IEnumerable<int> indexes)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var index in indexes)
        {
            MergeInto(result, _state!.Contexts[index]);
        }

        return result;
    }

    private Dictionary<string, object?> ContextOf(TaskState entry) => entry.ContextsIn.Merged(_state!.Contexts, MergeInto);

    private Dictionary<string, object?> ContextOf(StagedTask entry) => entry.ContextsIn.Merged(_state!.Contexts, MergeInto);

    private Dictionary<string, object?> TaskInitialContext(string taskId, long route)
    {
        if (GetStagedTask(taskId, route) is { } staged)
        {
            return ContextOf(staged);
        }

        if (GetTaskState(taskId, route) is { } entry)
        {
            return ContextOf(entry);
        }

        return EnsureState().Contexts.Count > 0 ? _state!.Contexts[0] : new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>The context a task's outgoing transitions lead into, by transition id.</summary>
    public Dictionary<string, Dictionary<string, object?>> GetTaskTransitionContexts(string taskId, long route)
    {
        var entry = GetTaskState(taskId, route) ?? throw InvalidTaskStateEntry(taskId);
        var result = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var transition in Graph.GetNextTransitions(taskId))
        {
            if (entry.Next.TryGetValue(transition.Id, out var satisfied) && satisfied)
            {
                result[transition.Id] = TaskInitialContext(transition.Destination, route);
            }
        }

        return result;
    }

    private static WorkflowConductorException InvalidTaskStateEntry(string taskId) =>
        new("InvalidTaskStateEntry", $"Task \"{taskId}\" is not staged or has not started yet.");

    private static WorkflowConductorException InvalidTask(string taskId) =>
        new("InvalidTask", $"Task \"{taskId}\" does not exist.");
}
