namespace ServerlessFlow.Core.Orquesta.Graphs;

/// <summary>Which nodes of a directed graph lie on a cycle (a strongly connected component of more
/// than one node, or a node with an edge to itself): Tarjan's algorithm, iterative, O(nodes + edges).</summary>
public static class CycleMembers
{
    /// <summary>The nodes on a cycle; <paramref name="next"/> gives a node's successors (any name).</summary>
    public static HashSet<string> Find(IEnumerable<string> nodes, Func<string, IEnumerable<string>> next)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(next);
        var result = new HashSet<string>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var successors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string> Successors(string node)
        {
            if (!successors.TryGetValue(node, out var list))
            {
                list = next(node).ToList();
                successors[node] = list;
            }

            return list;
        }

        var counter = 0;
        foreach (var start in nodes)
        {
            if (index.ContainsKey(start))
            {
                continue;
            }

            var work = new Stack<(string Node, int Edge)>();
            work.Push((start, 0));
            index[start] = low[start] = counter++;
            stack.Push(start);
            onStack.Add(start);
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var edges = Successors(node);
                if (edge < edges.Count)
                {
                    work.Push((node, edge + 1));
                    var target = edges[edge];
                    if (!index.ContainsKey(target))
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    if (component.Count > 1 || edges.Contains(node))
                    {
                        result.UnionWith(component);
                    }
                }
            }
        }

        return result;
    }
}
