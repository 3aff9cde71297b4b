namespace ServerlessFlow.Runtime.Durable;

/// <summary>A sub-workflow's status change told to its parent orchestration (<see cref="DurableNames.ChildStatusEvent"/>): the
/// parent passes it to its engine as its task's status, so a paused sub-workflow pauses the parent and its going on resumes it.</summary>
/// <param name="ExecutionId">The sub-workflow's execution id (the parent's task execution).</param>
/// <param name="Status">"paused", or "running" when it goes on again.</param>
public sealed record ChildWorkflowStatus(string ExecutionId, string Status);
