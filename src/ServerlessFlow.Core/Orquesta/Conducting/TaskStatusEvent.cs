namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A task (or one of its items) changed status: running, pending (inquiry), paused,
/// canceled, succeeded, failed… with its result.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Route">The task's route (from the <see cref="TaskCommand"/>).</param>
/// <param name="Status">The action's new status.</param>
/// <param name="Result">The action result.</param>
/// <param name="ItemId">For with-items: the item.</param>
/// <param name="AccumulatedResult">For with-items: all item results so far (null where unfinished).</param>
public sealed record TaskStatusEvent(string TaskId, long Route, string Status, object? Result = null, int? ItemId = null, object? AccumulatedResult = null) : WorkflowEvent;
