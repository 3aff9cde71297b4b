using System.Threading.Channels;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// A DurableTask.Core orchestration service that keeps everything in this process's memory, for <c>sflow run --local</c> and
/// <c>sflow serve --storage memory</c> (DurableTask.Core ships none for production; the SDK's test host has one, without
/// sessions). DurableTask.Core's own <see cref="TaskHubWorker"/> dispatches its work items, so concurrency is the worker's
/// configured limits. Each orchestration work item carries an extended session: the dispatcher keeps the orchestration in
/// memory between episodes and resumes it with only the new events, instead of replaying its whole history each time.
/// </summary>
/// <remarks>
/// An instance is handed out to one work item at a time; messages that arrive meanwhile go to its open session, or wait
/// for the release. Timers are delivered when due by the process clock. Nothing survives the process.
/// </remarks>
internal sealed class MemoryOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IDisposable
{
    private static readonly OrchestrationStatus[] RunningStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running];

    private readonly Lock gate = new();
    private readonly Dictionary<string, Instance> instances = new(StringComparer.Ordinal);
    private readonly Channel<Instance> ready = Channel.CreateUnbounded<Instance>();
    private readonly Channel<TaskMessage> activities = Channel.CreateUnbounded<TaskMessage>();
    private readonly CancellationTokenSource stopping = new();
    private readonly TimeSpan sessionIdleTimeout;
    private long activityIds;

    /// <summary>Creates the service; work items of up to <paramref name="maxConcurrentWorkItems"/> orchestrations and as many
    /// activities run at once, and an orchestration with nothing to do keeps its session for <paramref name="sessionIdleTimeout"/>.</summary>
    public MemoryOrchestrationService(int maxConcurrentWorkItems, TimeSpan sessionIdleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentWorkItems, 1);
        MaxConcurrentTaskOrchestrationWorkItems = maxConcurrentWorkItems;
        MaxConcurrentTaskActivityWorkItems = maxConcurrentWorkItems;
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems { get; }

    /// <inheritdoc/>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems { get; }

    /// <inheritdoc/>
    public Task StartAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc/>
    public Task StopAsync(bool isForced)
    {
        stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => stopping.Dispose();

    /// <inheritdoc/>
    public Task CreateAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateAsync(bool recreateInstanceStore) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DeleteAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DeleteAsync(bool deleteInstanceStore) => Task.CompletedTask;

    /// <inheritdoc/>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;

    /// <inheritdoc/>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        waiting.CancelAfter(receiveTimeout);
        while (true)
        {
            Instance instance;
            try
            {
                instance = await ready.Reader.ReadAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // No work within the timeout, or stopping: the dispatcher asks again (or stops).
                return null!;
            }

            lock (gate)
            {
                instance.Queued = false;
                if (instance.Locked || instance.Pending.Count == 0)
                {
                    continue;
                }

                instance.Locked = true;
                var messages = TakePending(instance);
                return new TaskOrchestrationWorkItem
                {
                    InstanceId = instance.Id,
                    OrchestrationRuntimeState = new OrchestrationRuntimeState(instance.History.ToList()),
                    NewMessages = messages,
                    LockedUntilUtc = DateTime.MaxValue,
                    Session = new Session(this, instance),
                };
            }
        }
    }

    /// <inheritdoc/>
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        Instance instance;
        lock (gate)
        {
            instance = instances[workItem.InstanceId];
            // After a continue-as-new the dispatcher has already run the new generation in this work item: the runtime
            // state given here is that generation's, and its start message needs no second delivery.
            IList<HistoryEvent> events = newOrchestrationRuntimeState.Events;
            if (instance.History.Count > 0 && events.Count >= instance.History.Count && ReferenceEquals(events[0], instance.History[0]))
            {
                // The same generation carried on in the session: only its new events are appended. Copying the whole
                // history after every episode made a with-items task over N items cost O(N²) here (issue #19).
                for (int i = instance.History.Count; i < events.Count; i++)
                {
                    instance.History.Add(events[i]);
                }
            }
            else
            {
                instance.History = [.. events];
            }
            instance.State = orchestrationState;
        }

        foreach (TaskMessage message in outboundMessages)
        {
            activities.Writer.TryWrite(message);
        }

        foreach (TaskMessage message in orchestratorMessages)
        {
            Deliver(message);
        }

        foreach (TaskMessage message in timerMessages)
        {
            ScheduleTimer(message);
        }

        if (orchestrationState is { OrchestrationStatus: not (OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended) })
        {
            instance.Completed.TrySetResult();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (gate)
        {
            // The messages go back in front of anything that came meanwhile; the release hands the instance out again.
            instances[workItem.InstanceId].Pending.InsertRange(0, workItem.NewMessages ?? []);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (gate)
        {
            var instance = instances[workItem.InstanceId];
            instance.Locked = false;
            instance.Session = null;
            MakeReadyIfPending(instance);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        waiting.CancelAfter(receiveTimeout);
        try
        {
            TaskMessage message = await activities.Reader.ReadAsync(waiting.Token).ConfigureAwait(false);
            return new TaskActivityWorkItem
            {
                Id = Interlocked.Increment(ref activityIds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                TaskMessage = message,
                LockedUntilUtc = DateTime.MaxValue,
            };
        }
        catch (OperationCanceledException)
        {
            return null!;
        }
    }

    /// <inheritdoc/>
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Task.FromResult(workItem);

    /// <inheritdoc/>
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        Deliver(responseMessage);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        activities.Writer.TryWrite(workItem.TaskMessage);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, RunningStatuses);

    /// <inheritdoc/>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        string instanceId = creationMessage.OrchestrationInstance.InstanceId;
        lock (gate)
        {
            if (instances.TryGetValue(instanceId, out var existing) && existing.State is { } state
                && (dedupeStatuses ?? RunningStatuses).Contains(state.OrchestrationStatus))
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration with id '{instanceId}' already exists; it is {state.OrchestrationStatus}.");
            }
        }

        Deliver(creationMessage);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        Deliver(message);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (TaskMessage message in messages)
        {
            Deliver(message);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task completed;
        lock (gate)
        {
            completed = instances.TryGetValue(instanceId, out var instance) ? instance.Completed.Task : Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await completed.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return (await GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        Deliver(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        lock (gate)
        {
            IList<OrchestrationState> states = instances.TryGetValue(instanceId, out var instance) && instance.State is { } state ? [state] : [];
            return Task.FromResult(states);
        }
    }

    /// <inheritdoc/>
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        lock (gate)
        {
            return Task.FromResult(instances.TryGetValue(instanceId, out var instance) ? instance.State! : null!);
        }
    }

    /// <inheritdoc/>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        lock (gate)
        {
            IList<HistoryEvent> history = instances.TryGetValue(instanceId, out var instance) ? [.. instance.History] : [];
            return Task.FromResult(JsonDataConverter.Default.Serialize(history));
        }
    }

    /// <inheritdoc/>
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        lock (gate)
        {
            foreach (var (id, instance) in instances.ToList())
            {
                if (instance.State is { } state && !instance.Locked && instance.Pending.Count == 0
                    && state.OrchestrationStatus is not (OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended)
                    && state.LastUpdatedTime < thresholdDateTimeUtc)
                {
                    instances.Remove(id);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Routes a message to its instance: into the open session, or onto the ready queue.</summary>
    private void Deliver(TaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string instanceId = message.OrchestrationInstance.InstanceId;
        lock (gate)
        {
            if (!instances.TryGetValue(instanceId, out var instance))
            {
                if (message.Event is not ExecutionStartedEvent)
                {
                    // An event for an orchestration that never existed (StackStorm drops such requests too).
                    return;
                }

                instance = new Instance(instanceId);
                instances[instanceId] = instance;
            }

            if (message.Event is ExecutionStartedEvent started && (instance.State is null || IsFinished(instance.State)))
            {
                // A new execution: its own history and a pending state until the worker starts it.
                instance.History = [];
                instance.Completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                instance.State = new OrchestrationState
                {
                    OrchestrationInstance = message.OrchestrationInstance,
                    Name = started.Name,
                    Version = started.Version,
                    Input = started.Input,
                    Tags = started.Tags,
                    OrchestrationStatus = OrchestrationStatus.Pending,
                    CreatedTime = DateTime.UtcNow,
                    LastUpdatedTime = DateTime.UtcNow,
                    ParentInstance = started.ParentInstance,
                };
            }

            instance.Pending.Add(message);
            if (instance.Session is { } session)
            {
                session.Wake();
            }
            else
            {
                MakeReadyIfPending(instance);
            }
        }
    }

    private void ScheduleTimer(TaskMessage message)
    {
        if (message.Event is not TimerFiredEvent fired || fired.FireAt <= DateTime.UtcNow)
        {
            Deliver(message);
            return;
        }

        _ = DeliverLaterAsync(message, fired.FireAt);
    }

    private async Task DeliverLaterAsync(TaskMessage message, DateTime fireAt)
    {
        try
        {
            // Task.Delay can end a little before the clock reaches the due time (it counts whole milliseconds on a coarser
            // timer): wait again for what is left, so the episode that sees the timer fire never starts before it is due
            // (the orchestration's CurrentUtcDateTime would read earlier than the time it waited for).
            for (TimeSpan due = fireAt - DateTime.UtcNow; due > TimeSpan.Zero; due = fireAt - DateTime.UtcNow)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(due.TotalMilliseconds)), stopping.Token).ConfigureAwait(false);
            }

            Deliver(message);
        }
        catch (OperationCanceledException)
        {
            // The process is stopping: in-memory timers end with it.
        }
    }

    private void MakeReadyIfPending(Instance instance)
    {
        if (!instance.Locked && !instance.Queued && instance.Pending.Count > 0)
        {
            instance.Queued = true;
            ready.Writer.TryWrite(instance);
        }
    }

    private static List<TaskMessage> TakePending(Instance instance)
    {
        var messages = instance.Pending;
        instance.Pending = [];
        return messages;
    }

    private static bool IsFinished(OrchestrationState state) =>
        state.OrchestrationStatus is not (OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended);

    /// <summary>One orchestration instance: its history, state and the messages not yet handed to a work item.</summary>
    private sealed class Instance(string id)
    {
        public string Id { get; } = id;

        public List<HistoryEvent> History { get; set; } = [];

        public OrchestrationState? State { get; set; }

        public List<TaskMessage> Pending { get; set; } = [];

        public bool Locked { get; set; }

        public bool Queued { get; set; }

        public Session? Session { get; set; }

        public TaskCompletionSource Completed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The extended session of a locked instance: the dispatcher waits here for the instance's next messages, with its
    /// orchestration still in memory, until they come or the session has been idle too long.
    /// </summary>
    private sealed class Session(MemoryOrchestrationService service, Instance instance) : IOrchestrationSession
    {
        private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Wake() => wake.TrySetResult();

        public async Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem)
        {
            Task woken;
            lock (service.gate)
            {
                if (instance.Pending.Count > 0)
                {
                    return TakePending(instance);
                }

                wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                woken = wake.Task;
                instance.Session = this;
            }

            try
            {
                await woken.WaitAsync(service.sessionIdleTimeout, service.stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Idle too long, or stopping: the session ends; messages arriving from now on wait for the release.
            }

            lock (service.gate)
            {
                instance.Session = null;
                return instance.Pending.Count > 0 ? TakePending(instance) : null;
            }
        }

        public Task EndSessionAsync() => Task.CompletedTask;
    }
}
