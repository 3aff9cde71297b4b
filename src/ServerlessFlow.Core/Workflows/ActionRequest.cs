namespace ServerlessFlow.Core.Workflows;

/// <summary>Run this action for this task: the engine has already recorded it running.</summary>
/// <param name="Key">Which task, route and item.</param>
/// <param name="ActionRef">The action, <c>pack.name</c>.</param>
/// <param name="Input">The rendered (for a sub-workflow: resolved) input.</param>
/// <param name="Kind">Action, sub-workflow or inquiry.</param>
/// <param name="DelaySeconds">Wait this long before starting (the task's <c>delay</c> or a retry delay), or null.</param>
/// <param name="InquiryTtlMinutes">For inquiries: how long to wait for the answer (null: forever).</param>
public sealed record ActionRequest(
    TaskKey Key,
    string ActionRef,
    Dictionary<string, object?> Input,
    ActionRequestKind Kind = ActionRequestKind.Action,
    double? DelaySeconds = null,
    double? InquiryTtlMinutes = null);
