using DurableTask.Core;
using DurableTask.Core.History;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>Extended sessions kept for the sidecar's dispatcher, against a scripted backend and session.</summary>
public sealed class ExtendedSessionKeeperTests
{
    // Guards against a hang only; no test asserts on elapsed time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReleaseAsync_SessionGetsMessages_HandsTheSameWorkItemBackWithHistoryKept()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        var session = new ScriptedSession();
        TaskOrchestrationWorkItem workItem = RunningWorkItem(session);
        HistoryEvent scheduled = workItem.OrchestrationRuntimeState.NewEvents.Single();

        await keeper.ReleaseAsync(workItem);
        var completed = new TaskMessage { Event = new TaskCompletedEvent(-1, 0, "1"), OrchestrationInstance = workItem.OrchestrationRuntimeState.OrchestrationInstance };
        session.Deliver([completed]);
        TaskOrchestrationWorkItem? next = await keeper.LockNextAsync(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(HangGuard);

        Assert.Same(workItem, next);
        Assert.Equal([completed], next!.NewMessages);
        Assert.Empty(next.OrchestrationRuntimeState.NewEvents);
        Assert.Contains(scheduled, next.OrchestrationRuntimeState.PastEvents);
        Assert.Equal(next.OrchestrationRuntimeState.Events.Count, next.OrchestrationRuntimeState.PastEvents.Count);
        Assert.Empty(backend.Released);
    }

    [Fact]
    public async Task ReleaseAsync_SessionIdlesOut_ReleasesToTheBackend()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        var session = new ScriptedSession();
        TaskOrchestrationWorkItem workItem = RunningWorkItem(session);

        await keeper.ReleaseAsync(workItem);
        Assert.Empty(backend.Released);
        session.Deliver(null);
        await backend.FirstRelease.Task.WaitAsync(HangGuard);

        Assert.Equal([workItem], backend.Released);
        Assert.True(session.Ended);
        Assert.Equal(0, keeper.KeptSessions);
    }

    [Fact]
    public async Task ReleaseAsync_AbandonedWorkItem_ReleasesAtOnce()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        TaskOrchestrationWorkItem workItem = RunningWorkItem(new ScriptedSession());

        keeper.MarkAbandoned(workItem);
        await keeper.ReleaseAsync(workItem);

        Assert.Equal([workItem], backend.Released);
    }

    [Fact]
    public async Task ReleaseAsync_FinishedOrchestration_ReleasesAtOnce()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        TaskOrchestrationWorkItem workItem = RunningWorkItem(new ScriptedSession());
        workItem.OrchestrationRuntimeState.AddEvent(new ExecutionCompletedEvent(-1, "\"done\"", OrchestrationStatus.Completed));

        await keeper.ReleaseAsync(workItem);

        Assert.Equal([workItem], backend.Released);
    }

    [Fact]
    public async Task ReleaseAsync_MoreSessionsThanAllowed_ReleasesTheExtraOne()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 1);
        TaskOrchestrationWorkItem first = RunningWorkItem(new ScriptedSession());
        TaskOrchestrationWorkItem second = RunningWorkItem(new ScriptedSession());

        await keeper.ReleaseAsync(first);
        await keeper.ReleaseAsync(second);

        Assert.Equal([second], backend.Released);
        Assert.Equal(1, keeper.KeptSessions);
    }

    [Fact]
    public async Task LockNextAsync_NothingKept_ReturnsTheBackendsWorkItem()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        TaskOrchestrationWorkItem fresh = RunningWorkItem(session: null);
        backend.Next.SetResult(fresh);

        TaskOrchestrationWorkItem? next = await keeper.LockNextAsync(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(HangGuard);

        Assert.Same(fresh, next);
    }

    [Fact]
    public async Task ReleaseAsync_NoSession_ReleasesAtOnce()
    {
        var backend = new ScriptedBackend();
        var keeper = new ExtendedSessionKeeper(backend, maxSessions: 10);
        TaskOrchestrationWorkItem workItem = RunningWorkItem(session: null);

        await keeper.ReleaseAsync(workItem);

        Assert.Equal([workItem], backend.Released);
    }

    private static TaskOrchestrationWorkItem RunningWorkItem(IOrchestrationSession? session)
    {
        var instance = new OrchestrationInstance { InstanceId = "i-" + Guid.NewGuid().ToString("N"), ExecutionId = "e1" };
        var state = new OrchestrationRuntimeState([new ExecutionStartedEvent(-1, "0") { OrchestrationInstance = instance, Name = "Chain" }]);
        state.AddEvent(new TaskScheduledEvent(0, "Step"));
        return new TaskOrchestrationWorkItem { InstanceId = instance.InstanceId, OrchestrationRuntimeState = state, Session = session, NewMessages = [] };
    }

    private sealed class ScriptedSession : IOrchestrationSession
    {
        private readonly TaskCompletionSource<IList<TaskMessage>?> next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Ended { get; private set; }

        public void Deliver(IList<TaskMessage>? messages) => next.SetResult(messages);

        public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) => next.Task;

        public Task EndSessionAsync()
        {
            Ended = true;
            return Task.CompletedTask;
        }
    }

    /// <summary>Only the members the keeper calls do anything.</summary>
    private sealed class ScriptedBackend : IOrchestrationService
    {
        public TaskCompletionSource<TaskOrchestrationWorkItem> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<TaskOrchestrationWorkItem> Released { get; } = [];

        public int TaskOrchestrationDispatcherCount => 1;

        public int MaxConcurrentTaskOrchestrationWorkItems => 10;

        public int MaxConcurrentTaskActivityWorkItems => 10;

        public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

        public int TaskActivityDispatcherCount => 1;

        public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => Next.Task;

        public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
        {
            lock (Released)
            {
                Released.Add(workItem);
            }

            FirstRelease.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StartAsync() => throw new NotSupportedException();

        public Task StopAsync() => throw new NotSupportedException();

        public Task StopAsync(bool isForced) => throw new NotSupportedException();

        public Task CreateAsync() => throw new NotSupportedException();

        public Task CreateAsync(bool recreateInstanceStore) => throw new NotSupportedException();

        public Task CreateIfNotExistsAsync() => throw new NotSupportedException();

        public Task DeleteAsync() => throw new NotSupportedException();

        public Task DeleteAsync(bool deleteInstanceStore) => throw new NotSupportedException();

        public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => throw new NotSupportedException();

        public int GetDelayInSecondsAfterOnProcessException(Exception exception) => throw new NotSupportedException();

        public int GetDelayInSecondsAfterOnFetchException(Exception exception) => throw new NotSupportedException();

        public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

        public Task CompleteTaskOrchestrationWorkItemAsync(
            TaskOrchestrationWorkItem workItem,
            OrchestrationRuntimeState newOrchestrationRuntimeState,
            IList<TaskMessage> outboundMessages,
            IList<TaskMessage> orchestratorMessages,
            IList<TaskMessage> timerMessages,
            TaskMessage continuedAsNewMessage,
            OrchestrationState orchestrationState) => throw new NotSupportedException();

        public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();

        public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => throw new NotSupportedException();

        public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => throw new NotSupportedException();

        public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => throw new NotSupportedException();
    }
}
