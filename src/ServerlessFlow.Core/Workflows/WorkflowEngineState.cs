namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// A workflow's saved state between events: a plain value (dictionaries, lists, scalars) that hosts serialise as JSON and
/// hand back with the next event. What is inside belongs to the engine that made it.
/// </summary>
/// <remarks>
/// An engine asked to keep its workflows live (<see cref="Orquesta.OrquestaWorkflowEngine.KeepsLiveState"/>) answers with a
/// state that is still its workflow in memory: <see cref="Value"/> is then made only when read, and handing the state to the
/// same engine's next turn carries on with that workflow instead of rebuilding it from its plain value, so a host that
/// chains turns (the Durable orchestrator) pays nothing per event for saving and restoring a state that grows with the
/// workflow (issue #19). Such a state is consumed by the next turn: read <see cref="Value"/> before, if it is needed
/// (reading it after throws, as the workflow has moved on).
/// </remarks>
public sealed class WorkflowEngineState
{
    private readonly ILiveWorkflowState? live;
    private readonly long liveVersion;
    private Dictionary<string, object?>? value;

    /// <summary>A state from its plain value.</summary>
    public WorkflowEngineState(Dictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        this.value = value;
    }

    private WorkflowEngineState(ILiveWorkflowState live)
    {
        this.live = live;
        liveVersion = live.Version;
    }

    /// <summary>The engine's plain-value state (made from the live workflow on first read).</summary>
    /// <exception cref="InvalidOperationException">The live workflow has moved on since (a later turn consumed this state).</exception>
    public Dictionary<string, object?> Value => value ??= Current?.Save() ?? throw new InvalidOperationException(
        "This workflow state was handed to a later turn, which moved the workflow on; read Value before applying more events.");

    /// <summary>Whether this state is still a live workflow in memory (not yet moved on by a later turn).</summary>
    public bool IsLive => Current is not null;

    /// <summary>The live workflow, when this state still is it; otherwise null.</summary>
    internal ILiveWorkflowState? Current => live is not null && live.Version == liveVersion ? live : null;

    /// <summary>A state that is the engine's live workflow as it is now.</summary>
    internal static WorkflowEngineState Live(ILiveWorkflowState live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return new WorkflowEngineState(live);
    }
}
