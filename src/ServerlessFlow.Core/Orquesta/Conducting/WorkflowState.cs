namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The serialisable runtime state of one workflow execution: contexts, routes, the task
/// sequence, staged tasks, status and reruns (orquesta's <c>WorkflowState</c>).</summary>
public sealed class WorkflowState
{
    /// <summary>Variable contexts; 0 is the initial one, others are what transitions published.</summary>
    public List<Dictionary<string, object?>> Contexts { get; } = [];

    /// <summary>Routes: each lists the split transitions that created it.</summary>
    public List<List<string>> Routes { get; } = [];

    /// <summary>Every task execution in order.</summary>
    public List<TaskState> Sequence { get; } = [];

    /// <summary>Tasks staged to run.</summary>
    public List<StagedTask> Staged { get; } = [];

    /// <summary>The workflow status.</summary>
    public string Status { get; internal set; } = WorkflowStatuses.Unset;

    /// <summary><c>task__rN</c> → index of the latest entry in <see cref="Sequence"/>.</summary>
    public Dictionary<string, int> Tasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Sequence indexes rerun by each rerun request.</summary>
    public List<List<int>> Reruns { get; } = [];
}
