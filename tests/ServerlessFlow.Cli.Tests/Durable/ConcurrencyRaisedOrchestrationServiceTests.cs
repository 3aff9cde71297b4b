using DurableTask.Core;
using DurableTask.Core.History;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>The sidecar's backend wrapper: one start, one stop in the engine's order, no work after stop, renewed locks.</summary>
public sealed class ConcurrencyRaisedOrchestrationServiceTests
{
    // Guards against a hang only; no test asserts on elapsed time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopAsync_EngineAndSidecarStopAtOnce_StopsBackendOnce()
    {
        var fake = new FakeOrchestrationService();
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);
        await backend.StartAsync();
        var gate = new TaskCompletionSource();
        fake.StopGate = gate.Task;

        Task engineStop = backend.StopBackendAsync();
        Task sidecarStop = backend.StopAsync();
        gate.SetResult();
        await Task.WhenAll(engineStop, sidecarStop).WaitAsync(HangGuard);

        Assert.Equal(1, fake.Stops);
        Assert.True(backend.HostStopRequested.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopBackendAsync_NeverStarted_NeitherStopsNorStartsLater()
    {
        var fake = new FakeOrchestrationService();
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);

        await backend.StopBackendAsync();
        await backend.StartAsync();
        await backend.StopAsync();

        Assert.Equal(0, fake.Starts);
        Assert.Equal(0, fake.Stops);
        Assert.True(backend.HostStopRequested.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StartAsync_Twice_StartsBackendOnce()
    {
        var fake = new FakeOrchestrationService();
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);

        await backend.StartAsync();
        await backend.StartAsync();

        Assert.Equal(1, fake.Starts);
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItemAsync_BackendStopsDuringFetch_WaitsForDispatcherCancellation()
    {
        var fake = new FakeOrchestrationService();
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);
        await backend.StartAsync();
        using var dispatcher = new CancellationTokenSource();

        Task<TaskOrchestrationWorkItem> fetch = backend.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.MaxValue, dispatcher.Token);
        await backend.StopBackendAsync();
        await Task.Yield();
        bool finishedBeforeDispatcherStopped = fetch.IsCompleted;
        await dispatcher.CancelAsync();

        Assert.False(finishedBeforeDispatcherStopped);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_AfterStop_HandsOutNothing()
    {
        var fake = new FakeOrchestrationService { NextActivity = NewActivity() };
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);
        await backend.StartAsync();
        await backend.StopBackendAsync();
        using var dispatcher = new CancellationTokenSource();

        Task<TaskActivityWorkItem> fetch = backend.LockNextTaskActivityWorkItem(TimeSpan.MaxValue, dispatcher.Token);
        await dispatcher.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(HangGuard));
        Assert.NotNull(fake.NextActivity);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_HeldWorkItem_RenewedUntilCompleted()
    {
        TaskActivityWorkItem item = NewActivity();
        var fake = new FakeOrchestrationService { NextActivity = item };
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10, TimeSpan.FromMilliseconds(1));
        await backend.StartAsync();

        TaskActivityWorkItem locked = await backend.LockNextTaskActivityWorkItem(TimeSpan.MaxValue, CancellationToken.None);
        using var guard = new CancellationTokenSource(HangGuard);
        while (fake.ActivityRenewals < 3)
        {
            await Task.Delay(1, guard.Token);
        }

        await backend.CompleteTaskActivityWorkItemAsync(locked, new TaskMessage());
        int renewalsAtCompletion = fake.ActivityRenewals;
        await Task.Yield();

        Assert.Same(item, locked);
        Assert.Equal(renewalsAtCompletion, fake.ActivityRenewals);
        Assert.False(fake.CompletedDuringRenewal);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_NoRenewInterval_NeverRenews()
    {
        var fake = new FakeOrchestrationService { NextActivity = NewActivity() };
        var backend = new ConcurrencyRaisedOrchestrationService(fake, 10);
        await backend.StartAsync();

        TaskActivityWorkItem locked = await backend.LockNextTaskActivityWorkItem(TimeSpan.MaxValue, CancellationToken.None);
        await backend.CompleteTaskActivityWorkItemAsync(locked, new TaskMessage());

        Assert.Equal(0, fake.ActivityRenewals);
    }

    private static TaskActivityWorkItem NewActivity() => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        TaskMessage = new TaskMessage { Event = new TaskScheduledEvent(1) },
    };
}
