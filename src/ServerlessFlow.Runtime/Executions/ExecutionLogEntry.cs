namespace ServerlessFlow.Runtime.Executions;

/// <summary>One status change in an execution's log (StackStorm's <c>log</c> list).</summary>
/// <param name="Timestamp">When the status was entered.</param>
/// <param name="Status">The status entered.</param>
public sealed record ExecutionLogEntry(DateTimeOffset Timestamp, ExecutionStatus Status);
