namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A task staged to run (orquesta's staged entry): its contexts, back references,
/// readiness, with-items progress and retry.</summary>
public sealed class StagedTask
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>The route.</summary>
    public required long Route { get; init; }

    /// <summary>Context indexes merged into the task's input context.</summary>
    public required ContextChain ContextsIn
    {
        get;
        set
        {
            field = value;
            RenderedItems = null;
        }
    }

    /// <summary>Back references to the tasks that led here.</summary>
    public required Dictionary<string, int> Prev { get; set; }

    /// <summary>True when the inbound criteria are satisfied.</summary>
    public bool Ready { get; set; }

    /// <summary>Set on an abended with-items task kept for rerun.</summary>
    public bool Completed { get; set; }

    /// <summary>True for a remediation task to run although the workflow failed.</summary>
    public bool RunOnFail { get; set; }

    private readonly Dictionary<string, int> _itemCounts = new(StringComparer.Ordinal);
    private List<string>? _items;

    /// <summary>Per-item status for a with-items task; null until items are known.</summary>
    public IReadOnlyList<string>? Items => _items;

    /// <summary>Sets (or clears, with null) the item statuses.</summary>
    public void SetItems(IEnumerable<string>? statuses)
    {
        _itemCounts.Clear();
        _items = statuses?.ToList();
        FirstUnsetHint = 0;
        if (_items is null)
        {
            // Staged again (a new inbound transition): the items are rendered afresh.
            RenderedItems = null;
        }
        foreach (var status in _items ?? [])
        {
            _itemCounts[status] = _itemCounts.GetValueOrDefault(status) + 1;
        }
    }

    /// <summary>Sets one item's status.</summary>
    public void SetItem(int index, string status)
    {
        var items = _items ?? throw new InvalidOperationException("The task has no items.");
        _itemCounts[items[index]]--;
        items[index] = status;
        if (status == WorkflowStatuses.Unset && index < FirstUnsetHint)
        {
            FirstUnsetHint = index;
        }

        _itemCounts[status] = _itemCounts.GetValueOrDefault(status) + 1;
    }

    /// <summary>How many items have one of <paramref name="statuses"/> (kept counted: O(statuses), not O(items)).</summary>
    public int CountItems(IEnumerable<string> statuses) => statuses.Sum(s => _itemCounts.GetValueOrDefault(s));

    /// <summary>No item before this index is unset: where the search for items to hand out starts, so handing out N items
    /// costs O(N) rather than O(N²). Kept in memory only (a restored entry searches from 0 once).</summary>
    internal int FirstUnsetHint { get; set; }

    /// <summary>The item list as rendered from the task's input context, while that cannot change
    /// (<see cref="Specs.TaskItemsSpec.ItemsReadOnlyContext"/>): kept in memory only (a restored entry renders it again).</summary>
    internal List<object?>? RenderedItems { get; set; }

    /// <summary>Retry bookkeeping when staged for a retry.</summary>
    public TaskRetryState? Retry { get; set; }
}
