namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Something that happened to a workflow execution, fed to <see cref="WorkflowConductor.Apply"/>.</summary>
public abstract record WorkflowEvent;

/// <summary>The workflow was requested to change status: <c>running</c> (requested or resumed),
/// <c>pausing</c>/<c>paused</c>, <c>canceling</c>/<c>canceled</c>, <c>failed</c>…</summary>
/// <param name="Status">The requested orquesta status.</param>
public sealed record WorkflowStatusEvent(string Status) : WorkflowEvent;

/// <summary>A task (or one of its items) changed status: running, pending (inquiry), paused,
/// canceled, succeeded, failed… with its result.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Route">The task's route (from the <see cref="TaskCommand"/>).</param>
/// <param name="Status">The action's new status.</param>
/// <param name="Result">The action result.</param>
/// <param name="ItemId">For with-items: the item.</param>
/// <param name="AccumulatedResult">For with-items: all item results so far (null where unfinished).</param>
public sealed record TaskStatusEvent(string TaskId, long Route, string Status, object? Result = null, int? ItemId = null, object? AccumulatedResult = null) : WorkflowEvent;

/// <summary>A completed workflow is to be rerun from the given tasks (the failed terminal tasks when null).</summary>
/// <param name="Tasks">The tasks to rerun, or null.</param>
public sealed record WorkflowRerunEvent(IReadOnlyList<TaskRerunRequest>? Tasks) : WorkflowEvent;
