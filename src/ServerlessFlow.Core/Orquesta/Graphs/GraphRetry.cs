namespace ServerlessFlow.Core.Orquesta.Graphs;

/// <summary>A task's retry settings in the graph: condition, count and delay (values or expressions).</summary>
/// <param name="When">Condition expression, or null.</param>
/// <param name="Count">Count (integer or expression).</param>
/// <param name="Delay">Delay (integer or expression), or null.</param>
public sealed record GraphRetry(string? When, object? Count, object? Delay);
