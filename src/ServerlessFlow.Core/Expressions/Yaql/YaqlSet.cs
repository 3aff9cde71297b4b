namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>yaql's set (a Python frozenset) during evaluation: unique items by Python equality,
/// kept in insertion order. It leaves the engine as a list.</summary>
internal sealed class YaqlSet
{
    private readonly HashSet<object?> _lookup = new(PythonSemantics.Comparer);

    public YaqlSet(IEnumerable<object?> items)
    {
        foreach (var item in items)
        {
            if (_lookup.Add(item))
            {
                Items.Add(item);
            }
        }
    }

    /// <summary>The members in insertion order.</summary>
    public List<object?> Items { get; } = [];

    public int Count => Items.Count;

    public bool Contains(object? item) => _lookup.Contains(item);
}
