namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>
/// An immutable list of context indexes (orquesta's <c>ctxs.in</c>), shared between tasks: a task's
/// outgoing list is its incoming list plus one published context, so lists are chains that share
/// their prefix. Each link caches the merge of its contexts, so a transition merges one context,
/// not the whole history (orquesta copies and re-merges the full list: quadratic).
/// </summary>
public sealed class ContextChain
{
    private Dictionary<string, object?>? _merged;

    private ContextChain(ContextChain? parent, int index)
    {
        Parent = parent;
        Index = index;
        Count = (parent?.Count ?? 0) + 1;
    }

    /// <summary>The chain holding only the initial context (index 0).</summary>
    public static ContextChain Root { get; } = new(null, 0);

    /// <summary>The chain without its last index, or null.</summary>
    public ContextChain? Parent { get; }

    /// <summary>The last context index.</summary>
    public int Index { get; }

    /// <summary>Number of indexes.</summary>
    public int Count { get; }

    /// <summary>A chain with <paramref name="index"/> appended.</summary>
    public ContextChain Append(int index) => new(this, index);

    /// <summary>A chain with every index of <paramref name="indexes"/> appended.</summary>
    public ContextChain AppendAll(IEnumerable<int> indexes)
    {
        var chain = this;
        foreach (var index in indexes)
        {
            chain = chain.Append(index);
        }

        return chain;
    }

    /// <summary>Builds a chain from a list (an empty list gives <see cref="Root"/>).</summary>
    public static ContextChain From(IReadOnlyList<int> indexes, Dictionary<(ContextChain?, int), ContextChain>? intern = null)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        if (indexes.Count == 0)
        {
            return Root;
        }

        ContextChain? chain = null;
        foreach (var index in indexes)
        {
            if (chain is null && index == 0)
            {
                chain = Root;
                continue;
            }

            var key = (chain, index);
            if (intern is not null && intern.TryGetValue(key, out var known))
            {
                chain = known;
                continue;
            }

            chain = new ContextChain(chain, index);
            intern?.Add(key, chain);
        }

        return chain!;
    }

    /// <summary>The indexes, first to last.</summary>
    public List<int> ToList()
    {
        var result = new int[Count];
        var node = this;
        for (var i = Count - 1; i >= 0; i--)
        {
            result[i] = node!.Index;
            node = node.Parent;
        }

        return [.. result];
    }

    /// <summary>The merge (deep, later wins) of the contexts, cached per link (except on the shared
    /// <see cref="Root"/>, whose context differs per workflow); callers must not mutate it.</summary>
    internal Dictionary<string, object?> Merged(IReadOnlyList<Dictionary<string, object?>> contexts, Action<Dictionary<string, object?>, IReadOnlyDictionary<string, object?>> mergeInto)
    {
        if (_merged is not null)
        {
            return _merged;
        }

        // Walk up to the nearest merged link without recursion, then merge down.
        var pending = new Stack<ContextChain>();
        var node = this;
        while (node is not null && node._merged is null)
        {
            pending.Push(node);
            node = node.Parent;
        }

        var current = node?._merged;
        while (pending.Count > 0)
        {
            var link = pending.Pop();
            var merged = current is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(current, StringComparer.Ordinal);
            mergeInto(merged, contexts[link.Index]);
            if (!ReferenceEquals(link, Root))
            {
                link._merged = merged;
            }

            current = merged;
        }

        return current!;
    }
}
