namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>One entry of the task execution sequence (orquesta's task state entry).</summary>
public sealed class TaskState
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>The route.</summary>
    public required long Route { get; init; }

    /// <summary>Indexes of the contexts merged (in order) to make the task's input context.</summary>
    public required ContextChain ContextsIn { get; set; }

    /// <summary>The context published by a transition (transition id → context index), or null.</summary>
    public Dictionary<string, int>? ContextsOut { get; set; }

    /// <summary>Back references: <c>prevTask__tKey</c> → sequence index of the previous task.</summary>
    public required Dictionary<string, int> Prev { get; set; }

    /// <summary>Evaluated outbound transitions: transition id → criteria satisfied.</summary>
    public Dictionary<string, bool> Next { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The status, or null when unset.</summary>
    public string? Status { get; internal set; }

    /// <summary>True when the task ended a branch of the workflow.</summary>
    public bool Term { get; set; }

    /// <summary>Retry bookkeeping, or null.</summary>
    public TaskRetryState? Retry { get; set; }

    /// <summary>The task execution's result as st2 records it (what <c>task(id).result</c> returns): the last
    /// non-empty action result, or for a with-items task <c>{items: [{status, result} or null per item]}</c>.
    /// Held by reference, never copied; null until a result arrives.</summary>
    public object? Result { get; set; }
}
