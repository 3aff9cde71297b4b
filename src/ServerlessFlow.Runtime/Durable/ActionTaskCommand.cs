using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>Run this action for this task (the stepper has already marked it running).</summary>
/// <param name="Key">Which task, route and item.</param>
/// <param name="ActionRef">The action to run, <c>pack.name</c>.</param>
/// <param name="InputJson">The rendered action input as a JSON object.</param>
/// <param name="Kind">Activity, sub-orchestration or inquiry.</param>
/// <param name="DelaySeconds">Wait this long (a durable timer) before starting, when the task declares <c>delay</c> or a retry delay.</param>
/// <param name="InquiryTtlMinutes">For inquiries: how long to wait for an answer before the task times out (null: forever).</param>
/// <param name="InputPayload">An input too large for orchestration history: its name in the payload store (<paramref name="InputJson"/> is then empty).</param>
/// <param name="Definition">For a sub-workflow: the definition it starts with (the one loaded when the parent asked for it).</param>
public sealed record ActionTaskCommand(
    TaskKey Key,
    string ActionRef,
    string InputJson,
    ActionTaskKind Kind = ActionTaskKind.Action,
    double? DelaySeconds = null,
    double? InquiryTtlMinutes = null,
    string? InputPayload = null,
    PinnedWorkflowDefinition? Definition = null);
