namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A completed workflow is to be rerun from the given tasks (the failed terminal tasks when null).</summary>
/// <param name="Tasks">The tasks to rerun, or null.</param>
public sealed record WorkflowRerunEvent(IReadOnlyList<TaskRerunRequest>? Tasks) : WorkflowEvent;
