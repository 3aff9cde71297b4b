using DurableTask.Core;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// A Durable backend that only counts starts, stops and lock renewals, hands out the activity work
/// items it is given, and cancels fetches in progress when it stops (as the Azure Storage backend does).
/// </summary>
internal sealed class FakeOrchestrationService : IOrchestrationService, IOrchestrationServiceClient
{
    private readonly CancellationTokenSource stopped = new();
    private int starts;
    private int stops;
    private int activityRenewals;
    private int renewing;

    /// <summary>What <see cref="StopAsync(bool)"/> waits for before it returns (to make two stops overlap).</summary>
    public Task StopGate { get; set; } = Task.CompletedTask;

    /// <summary>The next activity work item to hand out; fetches wait until the backend stops when there is none.</summary>
    public TaskActivityWorkItem? NextActivity { get; set; }

    public int Starts => Volatile.Read(ref starts);

    public int Stops => Volatile.Read(ref stops);

    public int ActivityRenewals => Volatile.Read(ref activityRenewals);

    /// <summary>Set when a work item was completed while its lock was being renewed.</summary>
    public bool CompletedDuringRenewal { get; private set; }

    public int MaxConcurrentTaskOrchestrationWorkItems => 2;

    public int MaxConcurrentTaskActivityWorkItems => 2;

    public int TaskOrchestrationDispatcherCount => 1;

    public int TaskActivityDispatcherCount => 1;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public Task StartAsync()
    {
        Interlocked.Increment(ref starts);
        return Task.CompletedTask;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        Interlocked.Increment(ref stops);
        await stopped.CancelAsync();
        await StopGate;
    }

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopped.Token);
        await Task.Delay(Timeout.Infinite, linked.Token);
        throw new InvalidOperationException("Unreachable.");
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (NextActivity is { } next)
        {
            NextActivity = null;
            return next;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopped.Token);
        await Task.Delay(Timeout.Infinite, linked.Token);
        throw new InvalidOperationException("Unreachable.");
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        Interlocked.Exchange(ref renewing, 1);
        await Task.Yield();
        Interlocked.Increment(ref activityRenewals);
        Interlocked.Exchange(ref renewing, 0);
        return workItem;
    }

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        CompletedDuringRenewal |= Volatile.Read(ref renewing) == 1;
        return Task.CompletedTask;
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => Task.CompletedTask;

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) => Task.CompletedTask;

    public Task CreateAsync() => Task.CompletedTask;

    public Task CreateAsync(bool recreateInstanceStore) => Task.CompletedTask;

    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    public Task DeleteAsync() => Task.CompletedTask;

    public Task DeleteAsync(bool deleteInstanceStore) => Task.CompletedTask;

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => throw new NotSupportedException();

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => throw new NotSupportedException();

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => throw new NotSupportedException();

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => throw new NotSupportedException();

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => throw new NotSupportedException();

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => throw new NotSupportedException();

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => throw new NotSupportedException();

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => throw new NotSupportedException();

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        throw new NotSupportedException();
}
