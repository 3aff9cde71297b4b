namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// A workflow's saved state between events: a plain value (dictionaries, lists, scalars) that hosts serialise as JSON and
/// hand back with the next event. What is inside belongs to the engine that made it.
/// </summary>
/// <param name="Value">The engine's plain-value state.</param>
public sealed record WorkflowEngineState(Dictionary<string, object?> Value);
