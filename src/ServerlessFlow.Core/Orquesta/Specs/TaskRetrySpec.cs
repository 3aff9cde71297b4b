namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>A task's <c>retry</c>: when to retry, how many times, and the delay between tries.</summary>
/// <param name="When">Condition expression, or null (retry on failure).</param>
/// <param name="Count">An integer or an expression string.</param>
/// <param name="Delay">Seconds (integer or expression), or null.</param>
public sealed record TaskRetrySpec(string? When, object? Count, object? Delay);
