using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// A concurrency policy across engine instances: two runtimes over one Azurite (Table Storage executions, enforcements and
/// policy slots, as two Function App instances or two <c>sflow serve</c> processes share a storage account) evaluate ten
/// webhook events at once whose rule runs an action with <c>action.concurrency</c> threshold 2.
/// </summary>
public sealed class AzuriteActionPolicyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(180);

    private readonly string folder = Directory.CreateTempSubdirectory("sflow-policies-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ProcessAsync_TenEventsOnTwoInstancesThresholdTwo_AtMostTwoRunTheOthersDelayedThenRun()
    {
        using var cts = new CancellationTokenSource(HangGuard);
        string gate = Path.Combine(folder, "gate");
        File.WriteAllText(gate, string.Empty);
        PackCatalog catalog = PolicyDemoPack.Write(folder, gate);
        string prefix = "pol" + Guid.NewGuid().ToString("N")[..10];
        ServerlessFlowRuntime[] instances = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            TableStorageStores tables = await TableStorageStores.CreateAsync(azurite.ConnectionString, prefix, cts.Token);
            return PolicyDemoPack.Runtime(
                catalog,
                new RuntimeStores(tables.Executions, tables.TriggerInstances, tables.Enforcements, tables.Inquiries, tables.KeyValues, tables.Payloads, tables.ConcurrencySlots));
        }));
        var events = new List<(ServerlessFlowRuntime Instance, TriggerInstanceState Event)>();
        for (int i = 0; i < 10; i++)
        {
            ServerlessFlowRuntime instance = instances[i % 2];
            TriggerInstanceState received = await instance.Triggers.DispatchAsync(
                "core.st2.webhook", new() { ["body"] = new Dictionary<string, object?> { ["n"] = (long)i }, ["headers"] = new Dictionary<string, object?>() },
                triggerParameters: new() { ["url"] = "gate" }, cancellationToken: cts.Token);
            events.Add((instance, received));
        }

        var evaluations = events.Select(e => Task.Run(() => e.Instance.WithoutDurableClient.RuleEvaluation.ProcessAsync(e.Event, cts.Token))).ToList();
        IExecutionStore executions = instances[0].Stores.Executions;
        while (true)
        {
            IReadOnlyList<ExecutionState> seen = (await executions.ListAsync(new ExecutionQuery { Action = "policydemo.gate", Limit = 100 }, cts.Token)).Items;
            if (seen.Count == 10 && seen.Count(e => e.Status == ExecutionStatus.Running) == 2 && seen.Count(e => e.Status == ExecutionStatus.Delayed) == 8)
            {
                break;
            }

            Assert.True(seen.Count(e => e.Status == ExecutionStatus.Running) <= 2, "more than two ran at once");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cts.Token);
        }

        File.Delete(gate);
        IReadOnlyList<RuleEvaluationOutcome>[] outcomes = await Task.WhenAll(evaluations);

        Assert.All(outcomes, o => Assert.Equal(ExecutionStatus.Succeeded, Assert.Single(o).Execution!.Status));
        IReadOnlyList<ExecutionState> stored = (await executions.ListAsync(new ExecutionQuery { Action = "policydemo.gate", Limit = 100 }, cts.Token)).Items;
        Assert.Equal(10, stored.Count);
        Assert.Equal(8, stored.Count(e => e.Log.Select(l => l.Status.ToApiName()).SequenceEqual(["requested", "delayed", "requested", "scheduled", "running", "succeeded"])));
        Assert.True(LocalActionPolicyTests.MostAtOnce(stored) <= 2, $"at most 2 run at once, saw {LocalActionPolicyTests.MostAtOnce(stored)}");
    }
}
