using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta.Graphs;

/// <summary>The workflow graph orquesta's native composer builds from a spec: tasks with their
/// barrier (join), splits and retry, and the transitions between them. Immutable once composed.</summary>
public sealed class WorkflowGraph
{
    private readonly List<string> _nodes = [];
    private readonly Dictionary<string, GraphNode> _nodeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskTransition>> _outgoing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskTransition>> _incoming = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyList<TaskTransition>> _nextSorted = new(StringComparer.Ordinal);
    private HashSet<string> _inCycle = new(StringComparer.Ordinal);
    private List<string> _roots = [];

    private WorkflowGraph()
    {
    }

    /// <summary>Task ids in the order they entered the graph.</summary>
    public IReadOnlyList<string> Tasks => _nodes;

    /// <summary>Tasks with no inbound transition, sorted by id (the start tasks).</summary>
    public IReadOnlyList<string> Roots => _roots;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WorkflowSpec, WorkflowGraph> Composed = new();

    /// <summary>The graph of <paramref name="spec"/>, composed once per spec instance (specs and graphs are immutable).</summary>
    public static WorkflowGraph For(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Composed.GetValue(spec, Compose);
    }

    /// <summary>Composes the graph of <paramref name="spec"/> as orquesta's native composer does.</summary>
    public static WorkflowGraph Compose(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var graph = new WorkflowGraph();
        var queue = new Queue<(string Task, List<string> Splits)>();
        var trackSplits = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var start in spec.GetStartTasks())
        {
            queue.Enqueue((start, []));
        }

        while (queue.Count > 0)
        {
            var (taskName, splits) = queue.Dequeue();
            var node = graph.AddNode(taskName);
            if (spec.IsJoinTask(taskName))
            {
                var join = spec.GetTask(taskName).Join;
                node.Barrier = join is string s && s == "all" ? "*" : join;
            }

            if (spec.IsSplitTask(taskName) && !spec.InCycle(taskName))
            {
                splits.Add(taskName);
            }

            if (splits.Count > 0)
            {
                node.Splits = [.. splits];
            }

            var taskSpec = spec.HasTask(taskName) ? spec.GetTask(taskName) : null;
            if (taskSpec?.Retry is { } retry)
            {
                node.Retry = new GraphRetry(retry.When, retry.Count, retry.Delay);
            }

            foreach (var next in spec.GetNextTasks(taskName))
            {
                if (next.Task == EngineCommands.Retry)
                {
                    node.Retry = new GraphRetry(next.Condition ?? "<% completed() %>", 3L, null);
                    continue;
                }

                if (!graph._nodeIndex.ContainsKey(next.Task) || !spec.InCycle(next.Task))
                {
                    if (trackSplits.TryGetValue(next.Task, out var existing) && existing.Count > 0)
                    {
                        if (!splits.All(existing.Contains))
                        {
                            queue.Enqueue((next.Task, [.. splits]));
                            existing.UnionWith(splits);
                        }
                    }
                    else
                    {
                        queue.Enqueue((next.Task, [.. splits]));
                        trackSplits[next.Task] = new HashSet<string>(splits, StringComparer.Ordinal);
                    }
                }

                graph.AddTransition(taskName, next.Task, next.Condition, next.TransitionIndex);
            }
        }

        graph.Seal();
        return graph;
    }

    /// <summary>True when the graph has the task.</summary>
    public bool HasTask(string taskId) => _nodeIndex.ContainsKey(taskId);

    /// <summary>The transitions leaving a task, sorted by destination (stable).</summary>
    public IReadOnlyList<TaskTransition> GetNextTransitions(string taskId) =>
        _nextSorted.TryGetValue(taskId, out var list) ? list : [];

    /// <summary>The transitions entering a task.</summary>
    public IReadOnlyList<TaskTransition> GetPrevTransitions(string taskId) =>
        _incoming.TryGetValue(taskId, out var list) ? list : [];

    /// <summary>The join requirement: "*" for all, a count, or null when not a join.</summary>
    public object? GetBarrier(string taskId) => _nodeIndex.TryGetValue(taskId, out var node) ? node.Barrier : null;

    /// <summary>True when the task is a join.</summary>
    public bool HasBarrier(string taskId) => GetBarrier(taskId) is { } b && !(b is string s && s.Length == 0);

    /// <summary>The join tasks.</summary>
    public IEnumerable<string> Barriers => _nodes.Where(HasBarrier);

    /// <summary>The retry settings of a task, or null.</summary>
    public GraphRetry? GetRetry(string taskId) => _nodeIndex.TryGetValue(taskId, out var node) ? node.Retry : null;

    /// <summary>The split tasks on the way to this task (orquesta's <c>splits</c> attribute).</summary>
    public IReadOnlyList<string> GetSplits(string taskId) => _nodeIndex.TryGetValue(taskId, out var node) ? node.Splits : [];

    /// <summary>True when the task is on a cycle of the graph.</summary>
    public bool InCycle(string taskId) => _inCycle.Contains(taskId);

    private GraphNode AddNode(string taskId)
    {
        if (!_nodeIndex.TryGetValue(taskId, out var node))
        {
            node = new GraphNode();
            _nodeIndex[taskId] = node;
            _nodes.Add(taskId);
            _outgoing[taskId] = [];
            _incoming[taskId] = [];
        }

        return node;
    }

    private void AddTransition(string source, string destination, string? condition, int transitionRef)
    {
        AddNode(source);
        AddNode(destination);
        var criteria = condition is null ? Array.Empty<string>() : [condition];
        var between = _outgoing[source].Where(e => e.Destination == destination).ToList();
        var same = between.FirstOrDefault(e => e.Ref == transitionRef && e.Criteria.SequenceEqual(criteria));
        if (same is not null)
        {
            return;
        }

        var key = between.Count;
        while (between.Any(e => e.Key == key))
        {
            key++;
        }

        var edge = new TaskTransition(source, destination, key, criteria, transitionRef);
        _outgoing[source].Add(edge);
        _incoming[destination].Add(edge);
    }

    private void Seal()
    {
        // networkx lists a node's out-edges grouped by neighbour (in order of the first edge to it)
        // and orquesta then sorts them by destination with a stable sort.
        _nextSorted = new Dictionary<string, IReadOnlyList<TaskTransition>>(StringComparer.Ordinal);
        foreach (var (task, edges) in _outgoing)
        {
            var neighbours = edges.Select(e => e.Destination).Distinct().ToList();
            var grouped = neighbours.SelectMany(n => edges.Where(e => e.Destination == n)).ToList();
            _nextSorted[task] = grouped.OrderBy(e => e.Destination, StringComparer.Ordinal).ToList();
        }

        foreach (var (task, edges) in _incoming)
        {
            var sources = edges.Select(e => e.Source).Distinct().ToList();
            var grouped = sources.SelectMany(n => edges.Where(e => e.Source == n)).ToList();
            edges.Clear();
            edges.AddRange(grouped);
        }

        _roots = _nodes.Where(n => _incoming[n].Count == 0).OrderBy(n => n, StringComparer.Ordinal).ToList();
        _inCycle = FindCycleMembers();
    }

    private HashSet<string> FindCycleMembers() =>
        CycleMembers.Find(_nodes, node => _outgoing[node].Select(e => e.Destination));

    private sealed class GraphNode
    {
        public object? Barrier { get; set; }

        public IReadOnlyList<string> Splits { get; set; } = [];

        public GraphRetry? Retry { get; set; }
    }
}
