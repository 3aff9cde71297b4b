namespace ServerlessFlow.Runtime.Durable;

/// <summary>How one task's action execution ended (or that it is pending, for an inquiry).</summary>
/// <param name="Status">The execution status (orquesta's names: <c>succeeded</c>, <c>failed</c>, <c>pending</c>…).</param>
/// <param name="ResultJson">The execution result as JSON.</param>
public sealed record ActionTaskOutcome(string Status, string ResultJson);
