namespace ServerlessFlow.Runtime.Executions;

/// <summary>What an execution re-runs (StackStorm's <c>context["re-run"]</c>): the original execution and, for a workflow
/// continued from some of its tasks, those tasks and the with-items tasks among them to run every item of again.</summary>
/// <param name="Ref">The execution re-run.</param>
/// <param name="Tasks">The workflow tasks to run again; empty: the whole action runs again.</param>
/// <param name="Reset">Of <paramref name="Tasks"/>, the with-items tasks whose every item runs again.</param>
public sealed record ExecutionReRun(string Ref, IReadOnlyList<string> Tasks, IReadOnlyList<string> Reset);
