using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The input of the run-action activity: one task's action execution inside a workflow.</summary>
/// <param name="ExecutionId">The task's action execution id (derived, so a replayed or retried step reuses it).</param>
/// <param name="WorkflowExecutionId">The workflow execution it belongs to.</param>
/// <param name="Key">Which task, route and item.</param>
/// <param name="ActionRef">The action, <c>pack.name</c>.</param>
/// <param name="InputJson">The rendered action input as a JSON object.</param>
/// <param name="TraceTag">The trace tag carried from the triggering event.</param>
/// <param name="InputPayload">An input too large for orchestration history: its name in the payload store (<paramref name="InputJson"/> is then empty).</param>
/// <param name="CanceledBeforeStart">The task was canceled while it waited on its <c>delay</c>: record its execution
/// <c>canceled</c> (as StackStorm does) and do not run it.</param>
public sealed record ActionTaskRequest(
    string ExecutionId,
    string WorkflowExecutionId,
    TaskKey Key,
    string ActionRef,
    string InputJson,
    string? TraceTag = null,
    string? InputPayload = null,
    bool CanceledBeforeStart = false);
