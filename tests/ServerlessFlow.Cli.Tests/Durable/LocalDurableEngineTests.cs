using DurableTask.Core;
using Microsoft.DurableTask;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>The in-memory local engine runs the Durable features the workflow orchestrator relies on.</summary>
public sealed class LocalDurableEngineTests
{
    // Guards against a hang only; no test asserts on elapsed time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StartOnceAsync_ActivitySequence_CompletesWithChainedOutput()
    {
        await using LocalDurableEngine engine = await StartAsync(r =>
        {
            r.AddActivityFunc<string, string>("Append", (_, s) => s + "!");
            r.AddOrchestratorFunc<string, string>("Chain", async (ctx, s) =>
            {
                string a = await ctx.CallActivityAsync<string>("Append", s);
                string b = await ctx.CallActivityAsync<string>("Append", a);
                return await ctx.CallActivityAsync<string>("Append", b);
            });
        });
        using var cts = new CancellationTokenSource(HangGuard);

        Assert.True(await engine.StartOnceAsync("Chain", "chain-1", "hi", cts.Token));
        OrchestrationState done = await engine.WaitForCompletionAsync("chain-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("hi!!!", LocalDurableEngine.ReadOutput<string>(done));
    }

    [Fact]
    public async Task StartOnceAsync_SameInstanceIdTwice_RunsOnce()
    {
        int runs = 0;
        await using LocalDurableEngine engine = await StartAsync(r =>
        {
            r.AddActivityFunc<int, int>("Count", (_, _) => Interlocked.Increment(ref runs));
            r.AddOrchestratorFunc<int, int>("Once", (ctx, n) => ctx.CallActivityAsync<int>("Count", n));
        });
        using var cts = new CancellationTokenSource(HangGuard);

        bool first = await engine.StartOnceAsync("Once", "exec-42", 0, cts.Token);
        bool secondWhileRunning = await engine.StartOnceAsync("Once", "exec-42", 0, cts.Token);
        await engine.WaitForCompletionAsync("exec-42", cts.Token);
        bool thirdAfterCompletion = await engine.StartOnceAsync("Once", "exec-42", 0, cts.Token);
        await engine.WaitForCompletionAsync("exec-42", cts.Token);

        Assert.True(first);
        Assert.False(secondWhileRunning);
        Assert.False(thirdAfterCompletion);
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task StartOnceAsync_DurableTimer_FiresAndCompletes()
    {
        await using LocalDurableEngine engine = await StartAsync(r =>
            r.AddOrchestratorFunc<int, string>("Sleepy", async (ctx, ms) =>
            {
                DateTime before = ctx.CurrentUtcDateTime;
                await ctx.CreateTimer(before.AddMilliseconds(ms), CancellationToken.None);
                return ctx.CurrentUtcDateTime >= before.AddMilliseconds(ms) ? "woke after the due time" : "woke early";
            }));
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Sleepy", "timer-1", 50, cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("timer-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("woke after the due time", LocalDurableEngine.ReadOutput<string>(done));
    }

    [Fact]
    public async Task RaiseEventAsync_WaitingOrchestration_ReceivesPayload()
    {
        await using LocalDurableEngine engine = await StartAsync(r =>
            r.AddOrchestratorFunc<string?, string>("Asker", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                string answer = await ctx.WaitForExternalEvent<string>("answer");
                return "got " + answer;
            }));
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Asker", "ask-1", string.Empty, cts.Token);
        await WaitForCustomStatusAsync(engine, "ask-1", cts.Token);
        await engine.Client.RaiseEventAsync("ask-1", "answer", "yes", cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("ask-1", cts.Token);

        Assert.Equal("got yes", LocalDurableEngine.ReadOutput<string>(done));
    }

    [Fact]
    public async Task StartOnceAsync_SubOrchestrations_FanOutAndJoin()
    {
        await using LocalDurableEngine engine = await StartAsync(r =>
        {
            r.AddActivityFunc<int, int>("Square", (_, n) => n * n);
            r.AddOrchestratorFunc<int, int>("Child", (ctx, n) => ctx.CallActivityAsync<int>("Square", n));
            r.AddOrchestratorFunc<int, int>("Parent", async (ctx, count) =>
            {
                var children = Enumerable.Range(1, count)
                    .Select(i => ctx.CallSubOrchestratorAsync<int>("Child", i, new SubOrchestrationOptions { InstanceId = $"{ctx.InstanceId}.{i}" }))
                    .ToList();
                int[] squares = await Task.WhenAll(children);
                return squares.Sum();
            });
        });
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Parent", "parent-1", 4, cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("parent-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal(1 + 4 + 9 + 16, LocalDurableEngine.ReadOutput<int>(done));
        OrchestrationState? child = await engine.GetAsync("parent-1.3");
        Assert.Equal(OrchestrationStatus.Completed, child?.OrchestrationStatus);
    }

    [Fact]
    public async Task StartOnceAsync_MoreParallelActivitiesThanCpus_AllRunAtOnce()
    {
        // Each activity waits until all of them have started: with the backend's default limit
        // (one work item per CPU) this never finishes; with the raised limit it does.
        const int Parallel = 8;
        int arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LocalDurableEngine engine = await StartAsync(r =>
        {
            r.AddActivityFunc<int, int>("Rendezvous", async (_, n) =>
            {
                if (Interlocked.Increment(ref arrived) == Parallel)
                {
                    allArrived.SetResult();
                }

                await allArrived.Task.ConfigureAwait(false);
                return n;
            });
            r.AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
            {
                int[] all = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Rendezvous", i)));
                return all.Length;
            });
        });
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("FanOut", "fan-1", Parallel, cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("fan-1", cts.Token);

        Assert.Equal(Parallel, LocalDurableEngine.ReadOutput<int>(done));
    }

    [Fact]
    public async Task StartOnceAsync_ActivitySequenceInMemory_ResumesWithoutReplayingHistory()
    {
        // The in-memory backend gives every work item an extended session: the worker keeps the orchestration in memory
        // and runs only the new events, so its code runs from the top once, not once per episode.
        int fromTheTop = 0;
        await using LocalDurableEngine engine = await StartAsync(r =>
        {
            r.AddActivityFunc<int, int>("Inc", (_, n) => n + 1);
            r.AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
            {
                Interlocked.Increment(ref fromTheTop);
                for (int i = 0; i < 5; i++)
                {
                    n = await ctx.CallActivityAsync<int>("Inc", n);
                }

                return n;
            });
        });
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Counter", "session-1", 0, cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("session-1", cts.Token);

        Assert.Equal(5, LocalDurableEngine.ReadOutput<int>(done));
        Assert.Equal(1, Volatile.Read(ref fromTheTop));
    }

    [Fact]
    public async Task StartAsync_AzureStorageWithoutConnectionString_FailsWithClearError()
    {
        var options = new LocalDurableEngineOptions { Backend = DurableBackendKind.AzureStorage };

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => LocalDurableEngine.StartAsync(options));

        Assert.Contains("connection string", error.Message, StringComparison.Ordinal);
    }

    private static Task<LocalDurableEngine> StartAsync(Action<LocalDurableTasks> tasks) =>
        LocalDurableEngine.StartAsync(new LocalDurableEngineOptions { Tasks = tasks });

    private static async Task WaitForCustomStatusAsync(LocalDurableEngine engine, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            OrchestrationState? metadata = await engine.GetAsync(instanceId);
            if (metadata?.Status is not null)
            {
                return;
            }

            await Task.Delay(5, cancellationToken);
        }
    }
}
