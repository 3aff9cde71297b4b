using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using DurableTask.Core;
using Microsoft.DurableTask;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>The local engine over the Azure Storage backend on a real Azurite: the durable option behind <c>sflow serve</c>.</summary>
public sealed class AzureStorageDurableEngineTests : IClassFixture<AzuriteFixture>
{
    // Guards against a hang only; no test asserts on elapsed time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly AzuriteFixture azurite;

    public AzureStorageDurableEngineTests(AzuriteFixture azurite) => this.azurite = azurite;

    [Fact]
    public async Task StartOnceAsync_ActivitySequence_Completes()
    {
        string hub = NewHub();
        await using LocalDurableEngine engine = await StartAsync(hub, Register);
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Chain", "chain-1", "x", cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("chain-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("x!!", LocalDurableEngine.ReadOutput<string>(done));
    }

    [Fact]
    public async Task StartAsync_OnePartition_CreatesOneControlQueueAndRuns()
    {
        string hub = NewHub();
        await using LocalDurableEngine engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = hub,
            PartitionCount = 1,
            Tasks = Register,
        });
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Chain", "one-partition", "p", cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("one-partition", cts.Token);
        var controlQueues = new List<string>();
        await foreach (QueueItem queue in new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync(prefix: hub.ToLowerInvariant() + "-control-", cancellationToken: cts.Token))
        {
            controlQueues.Add(queue.Name);
        }

        Assert.Equal("p!!", LocalDurableEngine.ReadOutput<string>(done));
        Assert.Equal([hub.ToLowerInvariant() + "-control-00"], controlQueues);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void PartitionCount_OutOfRange_Throws(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalDurableEngineOptions { PartitionCount = count });

        Assert.Contains("between 1 and 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartOnceAsync_SubOrchestrations_Complete()
    {
        string hub = NewHub();
        await using LocalDurableEngine engine = await StartAsync(hub, Register);
        using var cts = new CancellationTokenSource(HangGuard);

        await engine.StartOnceAsync("Parent", "parent-1", 3, cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("parent-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("a!!|b!!|c!!", LocalDurableEngine.ReadOutput<string>(done));
    }

    [Fact]
    public async Task StartOnceAsync_SameInstanceIdAfterCompletion_DoesNotRunAgain()
    {
        string hub = NewHub();
        await using LocalDurableEngine engine = await StartAsync(hub, Register);
        using var cts = new CancellationTokenSource(HangGuard);

        bool first = await engine.StartOnceAsync("Chain", "once-1", "y", cts.Token);
        await engine.WaitForCompletionAsync("once-1", cts.Token);
        bool again = await engine.StartOnceAsync("Chain", "once-1", "z", cts.Token);
        OrchestrationState done = await engine.WaitForCompletionAsync("once-1", cts.Token);

        Assert.True(first);
        Assert.False(again);
        Assert.Equal("y!!", LocalDurableEngine.ReadOutput<string>(done));
    }

    // The first engine stops while the timer is pending or has just fired: a timer message it had read and not
    // finished comes back after the control-queue visibility timeout (30 s), well inside the guard.
    [Fact]
    public async Task StartAsync_RestartWhileTimerPending_CompletesAfterRestart()
    {
        string hub = NewHub();
        using var cts = new CancellationTokenSource(HangGuard);
        await using (LocalDurableEngine first = await StartAsync(hub, Register))
        {
            await first.StartOnceAsync("Sleeper", "sleep-1", 1500, cts.Token);
            await WaitForCustomStatusAsync(first, "sleep-1", cts.Token);
        }

        await using LocalDurableEngine second = await StartAsync(hub, Register);
        OrchestrationState done = await second.WaitForCompletionAsync("sleep-1", cts.Token);

        Assert.Equal(OrchestrationStatus.Completed, done.OrchestrationStatus);
        Assert.Equal("slept", LocalDurableEngine.ReadOutput<string>(done));
    }

    private static void Register(LocalDurableTasks r)
    {
        r.AddActivityFunc<string, string>("Append", (_, s) => s + "!");
        r.AddOrchestratorFunc<string, string>("Chain", async (ctx, s) =>
        {
            string a = await ctx.CallActivityAsync<string>("Append", s);
            return await ctx.CallActivityAsync<string>("Append", a);
        });
        r.AddOrchestratorFunc<int, string>("Parent", async (ctx, count) =>
        {
            string[] parts = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                ctx.CallSubOrchestratorAsync<string>(
                    "Chain", ((char)('a' + i)).ToString(), new SubOrchestrationOptions { InstanceId = $"{ctx.InstanceId}.{i}" })));
            return string.Join('|', parts);
        });
        r.AddOrchestratorFunc<int, string>("Sleeper", async (ctx, ms) =>
        {
            ctx.SetCustomStatus("sleeping");
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(ms), CancellationToken.None);
            return "slept";
        });
    }

    private static string NewHub() => "t" + Guid.NewGuid().ToString("N")[..12];

    private Task<LocalDurableEngine> StartAsync(string hub, Action<LocalDurableTasks> tasks) =>
        LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = hub,
            Tasks = tasks,
        });

    private static async Task WaitForCustomStatusAsync(LocalDurableEngine engine, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            OrchestrationState? metadata = await engine.GetAsync(instanceId);
            if (metadata?.Status is not null)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
