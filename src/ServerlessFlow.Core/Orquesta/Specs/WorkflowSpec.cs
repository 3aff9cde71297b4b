using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>An Orquesta workflow definition (native v1.0) parsed from YAML, with the position of
/// every node and orquesta's task-graph queries (next, previous, start tasks, splits, cycles).</summary>
public sealed class WorkflowSpec
{
    private readonly Dictionary<string, TaskSpec> _tasks = new(StringComparer.Ordinal);
    private readonly List<string> _taskNames = [];
    private readonly Dictionary<string, List<TaskReference>> _next = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskReference>> _prev = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _inCycle = new(StringComparer.Ordinal);

    private WorkflowSpec(object? raw, SourceMap sourceMap)
    {
        Raw = raw;
        SourceMap = sourceMap;
        var root = raw as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        Version = root.GetValueOrDefault("version");
        Description = root.GetValueOrDefault("description") as string;
        Input = ReadParameters(root.GetValueOrDefault("input"), allowBareNames: true);
        Vars = ReadParameters(root.GetValueOrDefault("vars"), allowBareNames: false);
        Output = ReadParameters(root.GetValueOrDefault("output"), allowBareNames: false);
        if (root.GetValueOrDefault("tasks") is Dictionary<string, object?> tasks)
        {
            foreach (var (name, value) in tasks)
            {
                _taskNames.Add(name);
                _tasks[name] = new TaskSpec(name, value as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal));
            }
        }

        // Everything is computed up front so a spec can be shared between threads.
        foreach (var name in _taskNames)
        {
            _prev[name] = [];
            _next[name] = ComputeNextTasks(name);
        }

        foreach (var name in _taskNames)
        {
            foreach (var next in GetNextTasks(name))
            {
                // Engine commands and undefined names get previous tasks too (a command named
                // from two tasks is a split, as in orquesta).
                if (!_prev.TryGetValue(next.Task, out var list))
                {
                    list = [];
                    _prev[next.Task] = list;
                }

                list.Add(new TaskReference(name, next.Condition, next.TransitionIndex));
            }
        }

        foreach (var list in _prev.Values)
        {
            // Python's sorted() is stable: sort by the previous task's name only.
            var sorted = list.OrderBy(x => x.Task, StringComparer.Ordinal).ToList();
            list.Clear();
            list.AddRange(sorted);
        }

        // orquesta walks the transitions from each task looking for itself (quadratic); a task
        // can reach itself exactly when it is on a cycle, which one pass over the graph finds.
        var onCycle = Graphs.CycleMembers.Find(_taskNames, n => GetNextTasks(n).Select(r => r.Task));
        foreach (var name in _taskNames)
        {
            _inCycle[name] = onCycle.Contains(name);
        }
    }

    /// <summary>The parsed YAML document (plain values).</summary>
    public object? Raw { get; }

    /// <summary>Positions of the YAML nodes by spec path.</summary>
    public SourceMap SourceMap { get; }

    /// <summary>The <c>version</c> value as written.</summary>
    public object? Version { get; }

    /// <summary>The description, or null.</summary>
    public string? Description { get; }

    /// <summary>Workflow inputs in order, with their defaults.</summary>
    public IReadOnlyList<WorkflowParameterSpec> Input { get; }

    /// <summary>Workflow variables in order.</summary>
    public IReadOnlyList<WorkflowParameterSpec> Vars { get; }

    /// <summary>Workflow outputs in order.</summary>
    public IReadOnlyList<WorkflowParameterSpec> Output { get; }

    /// <summary>Task names in definition order.</summary>
    public IReadOnlyList<string> TaskNames => _taskNames;

    /// <summary>Tasks by name.</summary>
    public IReadOnlyDictionary<string, TaskSpec> Tasks => _tasks;

    /// <summary>Parses a workflow definition; throws <see cref="WorkflowSpecException"/> when the text is not a YAML mapping.</summary>
    public static WorkflowSpec Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var read = YamlValueReader.Read(yaml);
        if (read.HasErrors)
        {
            var problem = read.Problems.First(p => p.IsError);
            throw new WorkflowSpecException($"The workflow definition is not valid YAML at {problem.Position}: {problem.Message}");
        }

        if (read.Value is not Dictionary<string, object?>)
        {
            throw new WorkflowSpecException("The workflow definition is not a YAML mapping.");
        }

        return new WorkflowSpec(read.Value, read.SourceMap);
    }

    /// <summary>Builds a spec from an already parsed plain value (a dictionary).</summary>
    public static WorkflowSpec FromValue(object? value, SourceMap? sourceMap = null)
    {
        if (value is not Dictionary<string, object?>)
        {
            throw new WorkflowSpecException("The workflow definition is not a mapping.");
        }

        return new WorkflowSpec(value, sourceMap ?? SourceMap.Empty);
    }

    /// <summary>True for a defined task or an engine command.</summary>
    public bool HasTask(string name) => EngineCommands.IsCommand(name) || _tasks.ContainsKey(name);

    /// <summary>The spec of a task (an empty spec for an engine command).</summary>
    public TaskSpec GetTask(string name)
    {
        if (EngineCommands.IsCommand(name))
        {
            return CommandSpecs[name];
        }

        return _tasks.TryGetValue(name, out var task) ? task : throw new KeyNotFoundException($"The task \"{name}\" is not defined.");
    }

    private static readonly Dictionary<string, TaskSpec> CommandSpecs = new(StringComparer.Ordinal)
    {
        [EngineCommands.Continue] = TaskSpec.ForCommand(EngineCommands.Continue),
        [EngineCommands.Fail] = TaskSpec.ForCommand(EngineCommands.Fail),
        [EngineCommands.Noop] = TaskSpec.ForCommand(EngineCommands.Noop),
        [EngineCommands.Retry] = TaskSpec.ForCommand(EngineCommands.Retry),
    };

    /// <summary>orquesta's <c>get_next_tasks</c>: every task named in the task's transitions, sorted by name.</summary>
    public IReadOnlyList<TaskReference> GetNextTasks(string name) =>
        _next.TryGetValue(name, out var cached) ? cached : ComputeNextTasks(name);

    private List<TaskReference> ComputeNextTasks(string name)
    {
        var result = new List<TaskReference>();
        if (EngineCommands.IsCommand(name) || _tasks.ContainsKey(name))
        {
            foreach (var transition in GetTask(name).Next)
            {
                foreach (var next in transition.Do)
                {
                    result.Add(new TaskReference(next, transition.When, transition.Index));
                }
            }
        }

        return result.OrderBy(x => x.Task, StringComparer.Ordinal).ToList();
    }

    /// <summary>orquesta's <c>get_prev_tasks</c>: every transition into the task, sorted by source name.</summary>
    public IReadOnlyList<TaskReference> GetPrevTasks(string name) =>
        _prev.TryGetValue(name, out var list) ? list : [];

    /// <summary>Tasks with no inbound transition, sorted by name.</summary>
    public IReadOnlyList<string> GetStartTasks() =>
        _taskNames.Where(n => GetPrevTasks(n).Count == 0).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>True when the task declares <c>join</c>.</summary>
    public bool IsJoinTask(string name) => HasTask(name) && GetTask(name).IsJoin;

    /// <summary>A split task is a non-join task with more than one inbound transition.</summary>
    public bool IsSplitTask(string name) => !IsJoinTask(name) && GetPrevTasks(name).Count > 1;

    /// <summary>orquesta's spec-level cycle test: the task can reach itself through transitions.</summary>
    public bool InCycle(string name) => _inCycle.TryGetValue(name, out var known) ? known : ComputeInCycle(name);

    private bool ComputeInCycle(string name)
    {
        var traversed = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var next in GetNextTasks(name))
        {
            queue.Enqueue(next.Task);
        }

        var found = false;
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == name)
            {
                found = true;
                break;
            }

            if (!traversed.Add(current))
            {
                continue;
            }

            foreach (var next in GetNextTasks(current))
            {
                queue.Enqueue(next.Task);
            }
        }

        return found;
    }

    private static List<WorkflowParameterSpec> ReadParameters(object? value, bool allowBareNames)
    {
        var result = new List<WorkflowParameterSpec>();
        if (value is not List<object?> list)
        {
            return result;
        }

        foreach (var item in list)
        {
            if (item is string name && allowBareNames)
            {
                result.Add(new WorkflowParameterSpec(name, null, false));
            }
            else if (item is Dictionary<string, object?> one && one.Count > 0)
            {
                var first = one.First();
                result.Add(new WorkflowParameterSpec(first.Key, first.Value, true));
            }
        }

        return result;
    }
}
