namespace ServerlessFlow.Runtime.Durable;

/// <summary>How a workflow orchestration ended.</summary>
/// <param name="Status">Orquesta's terminal workflow status (<c>succeeded</c>, <c>failed</c>, <c>canceled</c>).</param>
/// <param name="ResultJson">The execution result in StackStorm's shape (<c>{"output": …}</c>, plus <c>errors</c> on failure).</param>
public sealed record WorkflowOrchestrationResult(string Status, string ResultJson);
