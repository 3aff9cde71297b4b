namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The <see cref="IOrchestrationClient"/> of code that has no Durable client and must never need one (the orchestrator's
/// activities: a sub-workflow is a sub-orchestration, never started from an activity). Every call fails, naming why.
/// </summary>
public sealed class NoOrchestrationClient : IOrchestrationClient
{
    private readonly string reason;

    /// <summary>Fails every call with <paramref name="reason"/>.</summary>
    public NoOrchestrationClient(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        this.reason = reason;
    }

    /// <inheritdoc/>
    public Task<OrchestrationSnapshot<TOutput>?> GetAsync<TOutput>(string instanceId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Orchestration {instanceId} cannot be read here: {reason}");

    /// <inheritdoc/>
    public Task ScheduleAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Orchestration {instanceId} ({orchestratorName}) cannot be started here: {reason}");

    /// <inheritdoc/>
    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Event {eventName} cannot be sent to orchestration {instanceId} here: {reason}");
}
