namespace ServerlessFlow.Runtime.Durable;

/// <summary>How a workflow orchestration ended.</summary>
/// <param name="Status">Orquesta's terminal workflow status (<c>succeeded</c>, <c>failed</c>, <c>canceled</c>).</param>
/// <param name="ResultJson">The execution result in StackStorm's shape (<c>{"output": …}</c>, plus <c>errors</c> on failure);
/// empty when it travels as <paramref name="ResultPayload"/>.</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store
/// (<see cref="WorkflowOrchestrationClient.WaitAsync"/> reads it back).</param>
/// <param name="State">A top-level workflow's final engine state, kept so that it can be re-run from its tasks (empty when it
/// travels as <paramref name="StatePayload"/>; null for sub-workflows, whose parents' histories need not carry it, and for
/// orchestrations that ended before it was kept).</param>
/// <param name="StatePayload">A final state too large for orchestration history: its name in the payload store.</param>
public sealed record WorkflowOrchestrationResult(
    string Status, string ResultJson, string? ResultPayload = null, string? State = null, string? StatePayload = null);
