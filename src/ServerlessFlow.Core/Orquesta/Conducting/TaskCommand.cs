namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A task to run now (orquesta's <c>get_next_tasks</c> entry): its actions, delay and items.</summary>
public sealed class TaskCommand
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>The route the task runs on.</summary>
    public required long Route { get; init; }

    /// <summary>The actions to execute (one, or one per item to start now).</summary>
    public required IReadOnlyList<TaskActionCommand> Actions { get; set; }

    /// <summary>Seconds to wait before running (task delay or retry delay), or null.</summary>
    public long? Delay { get; set; }

    /// <summary>True when the task is a with-items task.</summary>
    public bool HasItems { get; init; }

    /// <summary>Number of items (with-items only).</summary>
    public int ItemsCount { get; init; }

    /// <summary>The rendered concurrency (with-items only).</summary>
    public object? Concurrency { get; set; }
}
