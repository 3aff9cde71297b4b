namespace ServerlessFlow.Runtime.Durable;

/// <summary>How one task's action execution ended (or that it is pending, for an inquiry).</summary>
/// <param name="Status">The execution status (orquesta's names: <c>succeeded</c>, <c>failed</c>, <c>pending</c>…).</param>
/// <param name="ResultJson">The execution result as JSON (empty when it travels as <paramref name="ResultPayload"/>).</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store (<see cref="WorkflowPayloads"/>).</param>
public sealed record ActionTaskOutcome(string Status, string ResultJson, string? ResultPayload = null);
