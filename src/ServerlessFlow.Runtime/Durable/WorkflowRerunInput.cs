namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// A workflow orchestration that re-runs a finished workflow from some of its tasks (StackStorm's <c>re_run</c> with
/// <c>tasks</c>): the original execution, what to run again, and the engine state the original ended with.
/// </summary>
/// <param name="OriginalExecutionId">The workflow execution being re-run.</param>
/// <param name="Tasks">The task names to run again.</param>
/// <param name="Reset">Of <paramref name="Tasks"/>, the with-items tasks whose every item runs again.</param>
/// <param name="StateJson">The original's final engine state (empty when it travels as <paramref name="StatePayload"/>).</param>
/// <param name="StatePayload">A state too large for orchestration history: its name in the payload store.</param>
public sealed record WorkflowRerunInput(
    string OriginalExecutionId,
    IReadOnlyList<string> Tasks,
    IReadOnlyList<string> Reset,
    string StateJson,
    string? StatePayload = null);
