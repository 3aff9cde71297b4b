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
    public required List<int> ContextsIn { get; set; }

    /// <summary>Back references to the tasks that led here.</summary>
    public required Dictionary<string, int> Prev { get; set; }

    /// <summary>True when the inbound criteria are satisfied.</summary>
    public bool Ready { get; set; }

    /// <summary>Set on an abended with-items task kept for rerun.</summary>
    public bool Completed { get; set; }

    /// <summary>True for a remediation task to run although the workflow failed.</summary>
    public bool RunOnFail { get; set; }

    /// <summary>Per-item status for a with-items task; null until items are known.</summary>
    public List<string>? Items { get; set; }

    /// <summary>Retry bookkeeping when staged for a retry.</summary>
    public TaskRetryState? Retry { get; set; }

    internal MergedContextCache? MergedIn { get; set; }
}
