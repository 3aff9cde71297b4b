namespace ServerlessFlow.Runtime.Durable;

/// <summary>What the stepper returns after each event: the new state and what to do next.</summary>
/// <param name="State">The serialised workflow state to pass back with the next event.</param>
/// <param name="Commands">Actions to start now.</param>
/// <param name="Status">Orquesta's workflow status after the event (<c>running</c>, <c>paused</c>, <c>succeeded</c>…).</param>
/// <param name="ResultJson">Once the status is terminal: the execution result in StackStorm's shape; otherwise null.</param>
public sealed record WorkflowStep(string State, IReadOnlyList<ActionTaskCommand> Commands, string Status, string? ResultJson = null)
{
    /// <summary>
    /// Finished: a completed status and its result. (A workflow can be <c>failed</c> while tasks
    /// still run; it finishes once they have ended, as in StackStorm.)
    /// </summary>
    public bool IsTerminal => ResultJson is not null && IsCompletedStatus(Status);

    /// <summary>Orquesta's completed statuses.</summary>
    public static bool IsCompletedStatus(string status) =>
        status is "succeeded" or "failed" or "canceled" or "expired" or "abandoned" or "timeout";

    /// <summary>Paused: nothing runs until a resume signal.</summary>
    public bool IsPaused => Status == "paused";
}
