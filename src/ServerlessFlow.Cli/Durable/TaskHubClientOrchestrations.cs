using DurableTask.Core;
using DurableTask.Core.Exceptions;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// The runtime's <see cref="IOrchestrationClient"/> over DurableTask.Core's <see cref="TaskHubClient"/>, for the local engine
/// (the SDK's own adapter over an orchestration service client is not on our package feed). Inputs, events and outputs use
/// the SDK's JSON (<see cref="SdkJsonDataConverter"/>), as the orchestrators running through the SDK's shim expect.
/// </summary>
internal sealed class TaskHubClientOrchestrations : IOrchestrationClient
{
    private static readonly OrchestrationStatus[] AnyStatus = Enum.GetValues<OrchestrationStatus>();

    private readonly TaskHubClient client;
    private readonly SdkJsonDataConverter converter;

    /// <summary>Wraps a client whose data converter is <paramref name="converter"/>.</summary>
    public TaskHubClientOrchestrations(TaskHubClient client, SdkJsonDataConverter converter)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(converter);
        this.client = client;
        this.converter = converter;
    }

    /// <inheritdoc/>
    public async Task<OrchestrationSnapshot<TOutput>?> GetAsync<TOutput>(string instanceId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        OrchestrationState? state = await client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        OrchestrationLifecycle status = state.OrchestrationStatus switch
        {
            OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => OrchestrationLifecycle.Running,
            OrchestrationStatus.Completed => OrchestrationLifecycle.Completed,
            OrchestrationStatus.Failed => OrchestrationLifecycle.Failed,
            OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => OrchestrationLifecycle.Terminated,
            OrchestrationStatus.Suspended => OrchestrationLifecycle.Suspended,
            _ => OrchestrationLifecycle.Pending,
        };
        TOutput? output = status == OrchestrationLifecycle.Completed && state.Output is { Length: > 0 } text
            ? (TOutput?)converter.Inner.Deserialize(text, typeof(TOutput))
            : default;
        string? failure = status == OrchestrationLifecycle.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null;
        return new OrchestrationSnapshot<TOutput>(instanceId, status, state.Status, output, failure);
    }

    /// <inheritdoc/>
    public Task ScheduleAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Every status counts as taken: ids are derived from execution ids, and a redelivered start must find the first run.
        return client.CreateOrchestrationInstanceAsync(orchestratorName, string.Empty, instanceId, input, tags: null, AnyStatus);
    }

    /// <inheritdoc/>
    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload);
    }

    /// <summary>Whether <paramref name="exception"/> says the instance exists already.</summary>
    public static bool IsAlreadyExists(Exception exception) => exception is OrchestrationAlreadyExistsException;
}
