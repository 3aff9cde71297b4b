using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>What the stepper returns after each event: the new state and what to do next.</summary>
/// <param name="State">The serialised workflow state to pass back with the next event.</param>
/// <param name="Commands">Actions to start now.</param>
/// <param name="Status">StackStorm's workflow status after the event (<c>running</c>, <c>paused</c>, <c>succeeded</c>…).</param>
/// <param name="ResultJson">Once the status is terminal: the execution result in StackStorm's shape; otherwise null.</param>
/// <param name="StatePayload">A state too large for orchestration history: its name in the payload store (<paramref name="State"/> is then empty).</param>
/// <param name="ResultPayload">A result too large for orchestration history: its name in the payload store (<paramref name="ResultJson"/> is then empty).</param>
/// <remarks>Steppers return JSON only; <see cref="WorkflowPayloads"/> moves large parts into payloads when a step runs as an activity.
/// A step made inline may still hold the engine's live workflow (<see cref="WorkflowEngineState.IsLive"/>): its JSON
/// <see cref="State"/> is then written only when read, and the stepper's next <see cref="IWorkflowStepper.Apply(WorkflowStep, WorkflowStepEvent)"/>
/// carries on with the live workflow (issue #19). Nothing of that travels: serialised, a step is its JSON.</remarks>
public sealed record WorkflowStep(
    string State,
    IReadOnlyList<ActionTaskCommand> Commands,
    string Status,
    string? ResultJson = null,
    string? StatePayload = null,
    string? ResultPayload = null)
{
    private readonly WorkflowEngineState? live;
    private string? state = State;

    /// <summary>A step whose state is the engine's live workflow, written as JSON only when <see cref="State"/> is read.</summary>
    internal WorkflowStep(WorkflowEngineState live, IReadOnlyList<ActionTaskCommand> commands, string status, string? resultJson)
        : this(string.Empty, commands, status, resultJson)
    {
        this.live = live;
        state = null;
    }

    /// <summary>The serialised workflow state to pass back with the next event (written from the live workflow on first read).</summary>
    /// <exception cref="InvalidOperationException">The state was live and a later step has consumed it.</exception>
    public string State
    {
        get => state ??= JsonText.Serialize(live!.Value);
        init => state = value;
    }

    /// <summary>The engine's live workflow this step's state still is, if any (not yet consumed by a later step).</summary>
    internal WorkflowEngineState? LiveState => state is null && live is { IsLive: true } ? live : null;

    /// <summary>This step with its state as JSON, or empty when its live state has been consumed (a step that failed
    /// half-way through the engine).</summary>
    internal WorkflowStep WithWrittenState() =>
        state is not null || live is null ? this : this with { State = live.IsLive ? JsonText.Serialize(live.Value) : string.Empty };

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
