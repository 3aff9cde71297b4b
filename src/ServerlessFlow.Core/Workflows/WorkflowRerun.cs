namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// Re-run a finished workflow from some of its tasks under a new execution, as StackStorm's <c>re_run</c> with
/// <c>tasks</c> does: what succeeded before is kept, the named tasks (on every route they ran) and what follows them run again.
/// </summary>
/// <param name="Tasks">The task names to run again; empty: the failed terminal tasks (orquesta's default).</param>
/// <param name="Reset">Of <paramref name="Tasks"/>, the with-items tasks whose every item runs again (otherwise only the items
/// that did not succeed).</param>
/// <param name="Context">The new execution's runtime context (StackStorm's <c>st2</c> mapping), which replaces the old one.</param>
/// <param name="At">When, from the host's replay-safe clock; null when unknown.</param>
public sealed record WorkflowRerun(
    IReadOnlyList<string> Tasks,
    IReadOnlyList<string> Reset,
    Dictionary<string, object?> Context,
    DateTimeOffset? At = null);
