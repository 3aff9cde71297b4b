using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// <see cref="IOrchestrationClient"/> over the Durable Task SDK's <see cref="DurableTaskClient"/>: the Functions app's
/// <c>[DurableClient]</c> binding of an invocation, or a test host's client. The client is passed in, never looked up.
/// </summary>
public sealed class DurableTaskClientOrchestrations : IOrchestrationClient
{
    private readonly DurableTaskClient client;

    /// <summary>Wraps <paramref name="client"/>.</summary>
    public DurableTaskClientOrchestrations(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    /// <inheritdoc/>
    public async Task<OrchestrationSnapshot<TOutput>?> GetAsync<TOutput>(string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        OrchestrationLifecycle status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Running => OrchestrationLifecycle.Running,
            OrchestrationRuntimeStatus.Completed => OrchestrationLifecycle.Completed,
            OrchestrationRuntimeStatus.Failed => OrchestrationLifecycle.Failed,
            OrchestrationRuntimeStatus.Terminated => OrchestrationLifecycle.Terminated,
            OrchestrationRuntimeStatus.Suspended => OrchestrationLifecycle.Suspended,
#pragma warning disable CS0618 // ContinuedAsNew and Canceled are obsolete in the SDK but still reported by older backends: both mean "not running".
            OrchestrationRuntimeStatus.ContinuedAsNew => OrchestrationLifecycle.Running,
            OrchestrationRuntimeStatus.Canceled => OrchestrationLifecycle.Terminated,
#pragma warning restore CS0618
            _ => OrchestrationLifecycle.Pending,
        };
        TOutput? output = status == OrchestrationLifecycle.Completed ? metadata.ReadOutputAs<TOutput>() : default;
        return new OrchestrationSnapshot<TOutput>(instanceId, status, metadata.SerializedCustomStatus, output, metadata.FailureDetails?.ErrorMessage);
    }

    /// <inheritdoc/>
    public Task ScheduleAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);

    /// <inheritdoc/>
    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
}
