using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// Wraps a Durable Task backend for the gRPC sidecar: more work items at once than the backend's
/// default, an instance id is never started twice, and the backend starts and stops once, in the
/// order the engine chooses.
/// </summary>
/// <remarks>
/// The sidecar's dispatcher stops fetching when its in-flight count reaches the backend's
/// <c>MaxConcurrent…WorkItems</c> and then polls every 500 ms. The in-memory backend reports
/// <see cref="Environment.ProcessorCount"/> there (2 on our machines), so under load, or with a
/// few workflows waiting on timers or events while holding a work item, throughput collapses to
/// about one orchestration step per half second.
/// <para>
/// The sidecar passes no de-duplication statuses when the client sets no reuse policy, and both
/// backends then replace an existing instance. Instance ids here are derived from execution ids,
/// so a redelivered trigger must find the first run instead of restarting it: with no statuses
/// given, every status counts as taken.
/// </para>
/// <para>
/// Work items that carry a backend session (the Azure Storage backend with extended sessions on) are
/// kept open between episodes by <see cref="ExtendedSessionKeeper"/>, as DurableTask.Core's own
/// dispatcher would; the sidecar's dispatcher does not.
/// </para>
/// <para>
/// The sidecar starts the backend when the worker first connects and, on shutdown, stops its
/// dispatchers and then the backend from an <c>async void</c> handler that nobody can await. The
/// backend must instead stop while the worker is still connected: the Azure Storage backend keeps
/// reading its control queues until it stops, and a message it reads when no worker can take it
/// (a durable timer firing during shutdown) stays in memory, is never abandoned and stays invisible
/// in the queue for the control-queue visibility timeout, so the next process cannot see it. So the
/// engine stops the backend first (<see cref="StopBackendAsync"/>); the sidecar's own stop call then
/// finds it stopped and only signals <see cref="HostStopRequested"/>. Stopping twice at once also
/// raced inside the backend (an <see cref="ObjectDisposedException"/> from its lease manager).
/// Once stopping, no more work items are handed out: fetches wait until the dispatcher gives up.
/// </para>
/// <para>
/// The sidecar never renews a work item's lock, so on the Azure Storage backend an activity that
/// runs longer than the work-item queue's visibility timeout became visible again and ran twice,
/// and the timeout could not be shortened. Given a renewal interval, this wrapper renews every
/// locked work item until it is completed, abandoned or released, so the queues' visibility
/// timeouts only bound how long a message read by a killed process stays hidden.
/// </para>
/// Everything else is passed through unchanged.
/// </remarks>
internal sealed class ConcurrencyRaisedOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    private readonly IOrchestrationService service;
    private readonly IOrchestrationServiceClient client;
    private readonly ExtendedSessionKeeper sessions;
    private readonly Lock lifetimeGate = new();
    private readonly TaskCompletionSource hostStopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<object, LockRenewal> lockRenewals = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan? lockRenewInterval;
    private Task? startTask;
    private Task? stopTask;

    /// <summary>
    /// Wraps <paramref name="service"/>, which must also be its own client; with
    /// <paramref name="lockRenewInterval"/>, locked work items are renewed that often.
    /// </summary>
    public ConcurrencyRaisedOrchestrationService(IOrchestrationService service, int maxConcurrentWorkItems, TimeSpan? lockRenewInterval = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentWorkItems, 1);
        this.service = service;
        this.lockRenewInterval = lockRenewInterval;
        client = service as IOrchestrationServiceClient
            ?? throw new ArgumentException($"{service.GetType().Name} is not an orchestration service client.", nameof(service));
        MaxConcurrentTaskOrchestrationWorkItems = Math.Max(maxConcurrentWorkItems, service.MaxConcurrentTaskOrchestrationWorkItems);
        MaxConcurrentTaskActivityWorkItems = Math.Max(maxConcurrentWorkItems, service.MaxConcurrentTaskActivityWorkItems);
        sessions = new ExtendedSessionKeeper(service, MaxConcurrentTaskOrchestrationWorkItems);
    }

    /// <summary>The wrapped backend.</summary>
    public IOrchestrationService Inner => service;

    public int MaxConcurrentTaskOrchestrationWorkItems { get; }

    public int MaxConcurrentTaskActivityWorkItems { get; }

    public int TaskOrchestrationDispatcherCount => service.TaskOrchestrationDispatcherCount;

    public int TaskActivityDispatcherCount => service.TaskActivityDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => service.EventBehaviourForContinueAsNew;

    /// <summary>Completes when the sidecar has asked the backend to stop (its dispatchers have stopped by then).</summary>
    public Task HostStopRequested => hostStopRequested.Task;

    private bool IsStopping
    {
        get
        {
            lock (lifetimeGate)
            {
                return stopTask is not null;
            }
        }
    }

    /// <summary>Starts the backend once; after a stop has begun it is not started again.</summary>
    public Task StartAsync()
    {
        lock (lifetimeGate)
        {
            return stopTask is not null ? Task.CompletedTask : startTask ??= service.StartAsync();
        }
    }

    /// <summary>The sidecar's stop: records that it asked, and stops the backend unless that has begun already.</summary>
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc cref="StopAsync()"/>
    public Task StopAsync(bool isForced)
    {
        hostStopRequested.TrySetResult();
        return StopBackendAsync(isForced);
    }

    /// <summary>
    /// Stops the backend once (later calls get the same task): it stops reading its queues, lets the
    /// orchestration steps in hand finish and gives up its partition leases. A backend that never
    /// started (no worker ever connected) has nothing to stop.
    /// </summary>
    public Task StopBackendAsync(bool isForced = false)
    {
        lock (lifetimeGate)
        {
            return stopTask ??= StopOnceAsync(startTask, isForced);
        }
    }

    private async Task StopOnceAsync(Task? started, bool isForced)
    {
        if (started is null)
        {
            return;
        }

        await started.ConfigureAwait(false);
        await service.StopAsync(isForced).ConfigureAwait(false);
    }

    /// <summary>Renews <paramref name="workItem"/>'s lock every interval until <see cref="EndLockRenewalAsync"/>.</summary>
    private void RenewLockUntilDone(object? workItem, Func<Task> renew)
    {
        if (workItem is null || lockRenewInterval is not { } interval)
        {
            return;
        }

        var renewal = new LockRenewal();
        if (lockRenewals.TryAdd(workItem, renewal))
        {
            renewal.Loop = RenewLockAsync(renew, interval, renewal.Done.Token);
        }
        else
        {
            renewal.Done.Dispose();
        }
    }

    /// <summary>Stops every renewal (the engine is disposing the backend; what was not finished reappears after its visibility timeout).</summary>
    public async Task EndAllLockRenewalsAsync()
    {
        foreach (object workItem in lockRenewals.Keys)
        {
            await EndLockRenewalAsync(workItem).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops renewing and waits for a renewal in progress: a renewal changes the queue message's
    /// receipt, and completing with the old one would leave the message to run again.
    /// </summary>
    private async Task EndLockRenewalAsync(object workItem)
    {
        if (lockRenewals.TryRemove(workItem, out LockRenewal? renewal))
        {
            await renewal.Done.CancelAsync().ConfigureAwait(false);
            await renewal.Loop.ConfigureAwait(false);
            renewal.Done.Dispose();
        }
    }

    private static async Task RenewLockAsync(Func<Task> renew, TimeSpan interval, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, done).ConfigureAwait(false);
                await renew().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // Completed, abandoned or released: nothing more to renew.
        }
#pragma warning disable CA1031 // A failed renewal (the item just completed, storage hiccup) must not surface from this unobserved task; the message then reappears after its visibility timeout, as it did with no renewal at all.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Stop renewing (see above).
        }
    }

    /// <summary>
    /// Once the backend is stopping, a fetch never returns (a null work item makes the sidecar's
    /// dispatcher fetch again at once, an exception makes it log an error and retry after 10 ms):
    /// it waits for the dispatcher's own cancellation, which the dispatcher treats as its shutdown.
    /// </summary>
    private async Task<T> WaitForDispatcherStopAsync<T>(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new OperationCanceledException(cancellationToken);
    }

    public Task CreateAsync() => service.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => service.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => service.CreateIfNotExistsAsync();

    public Task DeleteAsync() => service.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => service.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        service.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) =>
        service.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) =>
        service.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (!IsStopping)
        {
            try
            {
                TaskOrchestrationWorkItem? workItem = await sessions.LockNextAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
                if (workItem is not null || !IsStopping)
                {
                    RenewLockUntilDone(workItem, () => service.RenewTaskOrchestrationWorkItemLockAsync(workItem!));
                    return workItem!;
                }
            }
            catch (OperationCanceledException) when (IsStopping && !cancellationToken.IsCancellationRequested)
            {
                // The backend's own shutdown cancelled the fetch; wait for the dispatcher below.
            }
        }

        return await WaitForDispatcherStopAsync<TaskOrchestrationWorkItem>(cancellationToken).ConfigureAwait(false);
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) =>
        service.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        foreach (TaskMessage message in orchestratorMessages)
        {
            PlainTags(message.Event);
        }

        PlainSubOrchestrationEvents(newOrchestrationRuntimeState.Events);
        PlainSubOrchestrationEvents(newOrchestrationRuntimeState.NewEvents);

        return service.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    /// <summary>
    /// The sidecar copies a sub-orchestration's tags into its start message as the protobuf map it
    /// received; the Azure Storage backend serialises messages with their .NET type names and then
    /// cannot load that type back, so the child never starts. A plain dictionary round-trips.
    /// </summary>
    private static void PlainTags(HistoryEvent historyEvent)
    {
        if (historyEvent is ExecutionStartedEvent { Tags: { } tags } started && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The sidecar records a sub-orchestration's creation as its own subclass of
    /// <see cref="SubOrchestrationInstanceCreatedEvent"/>; the Azure Storage backend writes that
    /// subclass to the history table without its <c>EventType</c> column, and every later load of
    /// the parent's history then fails. The base event (without the trace context) is stored instead.
    /// </summary>
    private static void PlainSubOrchestrationEvents(IList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                };
            }
        }
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        sessions.MarkAbandoned(workItem);
        return service.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        await EndLockRenewalAsync(workItem).ConfigureAwait(false);
        await sessions.ReleaseAsync(workItem).ConfigureAwait(false);
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (!IsStopping)
        {
            try
            {
                TaskActivityWorkItem? workItem = await service.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
                if (workItem is not null || !IsStopping)
                {
                    RenewLockUntilDone(workItem, () => service.RenewTaskActivityWorkItemLockAsync(workItem!));
                    return workItem!;
                }
            }
            catch (OperationCanceledException) when (IsStopping && !cancellationToken.IsCancellationRequested)
            {
                // The backend's own shutdown cancelled the fetch; wait for the dispatcher below.
            }
        }

        return await WaitForDispatcherStopAsync<TaskActivityWorkItem>(cancellationToken).ConfigureAwait(false);
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        service.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await EndLockRenewalAsync(workItem).ConfigureAwait(false);
        await service.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await EndLockRenewalAsync(workItem).ConfigureAwait(false);
        await service.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) =>
        client.CreateTaskOrchestrationAsync(creationMessage, AllStatuses);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses) =>
        client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses ?? AllStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) =>
        client.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) =>
        client.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        client.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        client.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        service is IOrchestrationServiceQueryClient query2
            ? query2.GetOrchestrationWithQueryAsync(query, cancellationToken)
            : throw new NotSupportedException($"{service.GetType().Name} cannot query orchestrations.");

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        service is IOrchestrationServicePurgeClient purge
            ? purge.PurgeInstanceStateAsync(instanceId)
            : throw new NotSupportedException($"{service.GetType().Name} cannot purge instances.");

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) =>
        service is IOrchestrationServicePurgeClient purge
            ? purge.PurgeInstanceStateAsync(purgeInstanceFilter)
            : throw new NotSupportedException($"{service.GetType().Name} cannot purge instances.");

    /// <summary>One work item's renewal loop and the signal that ends it.</summary>
    private sealed class LockRenewal
    {
        public CancellationTokenSource Done { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;
    }
}
