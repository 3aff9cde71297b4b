namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Port: what the runtime needs of a Durable Task client, and nothing more — schedule an orchestration under a chosen
/// instance id, raise an event to one, read one's state. Adapters: <see cref="DurableTaskClientOrchestrations"/> over the
/// SDK's client (the Functions app's <c>[DurableClient]</c> binding, tests on the SDK's test host), and the local engine's
/// adapter over DurableTask.Core's <c>TaskHubClient</c> (<c>sflow serve</c>, <c>sflow run --local</c>).
/// </summary>
/// <remarks>Inputs, event payloads and outputs travel through the Durable Task SDK's JSON conventions on both adapters,
/// so an orchestration started by one is read the same way by the other.</remarks>
public interface IOrchestrationClient
{
    /// <summary>The instance's state (with its output when it has completed), or null when there is no such instance.</summary>
    Task<OrchestrationSnapshot<TOutput>?> GetAsync<TOutput>(string instanceId, CancellationToken cancellationToken);

    /// <summary>Schedules orchestrator <paramref name="orchestratorName"/> with <paramref name="input"/> as instance
    /// <paramref name="instanceId"/>. Throws when an instance with that id exists already (how depends on the backend).</summary>
    Task ScheduleAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken);

    /// <summary>Raises external event <paramref name="eventName"/> carrying <paramref name="payload"/> to an instance.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken);
}
