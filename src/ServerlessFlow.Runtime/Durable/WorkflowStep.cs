namespace ServerlessFlow.Runtime.Durable;

/// <summary>What the stepper returns after each event: the new state and what to do next.</summary>
/// <param name="State">The serialised workflow state to pass back with the next event.</param>
/// <param name="Commands">Actions to start now.</param>
/// <param name="Status">StackStorm's workflow status after the event (<c>running</c>, <c>paused</c>, <c>succeeded</c>…).</param>
/// <param name="ResultJson">Once the status is terminal: the execution result in StackStorm's shape; otherwise null.</param>
/// <param name="StatePayload">A state too large for orchestration history: its name in the payload store (<paramref name="State"/> is then empty).</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store (<paramref name="ResultJson"/> is then empty).</param>
/// <remarks>Steppers return JSON only; <see cref="WorkflowPayloads"/> moves large parts into payloads when a step runs as an activity.</remarks>
public sealed record WorkflowStep(
    string State,
    IReadOnlyList<ActionTaskCommand> Commands,
    string Status,
    string? ResultJson = null,
    string? StatePayload = null,
    string? ResultPayload = null)
{
    /// <summary>
    /// Finished: a completed status and its result. (A workflow can be <c>failed</c> while tasks
    /// still run; it finishes once they have ended, as in StackStorm.)
    /// </summary>
    public bool IsTerminal => (ResultJson is not null || ResultPayload is not null) && IsCompletedStatus(Status);

    /// <summary>The completed statuses (StackStorm's, and orquesta's <c>expired</c>).</summary>
    public static bool IsCompletedStatus(string status) =>
        status is "succeeded" or "failed" or "canceled" or "expired" or "abandoned" or "timeout";

    /// <summary>Paused: nothing runs until a resume signal.</summary>
    public bool IsPaused => Status == "paused";
}
