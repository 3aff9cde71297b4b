using System.Net;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using Xunit.Abstractions;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Pipeline;

/// <summary>A burst of webhooks builds a backlog on the trigger queue, which the host drains 16 messages at a time
/// (host.json <c>batchSize</c>): every event enforces <c>hosttests.burst_noop</c>, every fifth also starts a workflow
/// (<c>hosttests.burst_workflow</c>) that records itself from Durable activities while rule evaluations go on.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class WebhookBurstTests(FunctionsHostFixture fixture, ITestOutputHelper output)
{
    private const int Events = 500;
    private const int WorkflowEvery = 5;
    private const string WorkflowRule = "hosttests.burst_workflow";
    private const string NoopRule = "hosttests.burst_noop";

    [SkippableFact]
    public async Task EvaluateRules_BurstOf500Webhooks_NoPoisonAndOneEnforcementPerInstanceAndRule()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;
        var storage = new AppStorage(fixture.Azurite.ConnectionString, fixture.Options);
        var run = "burst-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var conflictsBefore = fixture.Host.CountLogLines("changed since it was read");
        var failedBefore = fixture.Host.CountLogLines("Executed 'Functions.EvaluateRulesFromQueue' (Failed");

        var statuses = new HttpStatusCode[Events];
        await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
            statuses[n] = await api.PostWebhookAsync("hosttests/burst", $$"""{"n":"{{n}}","workflow":{{(n % WorkflowEvery == 0 ? "true" : "false")}}}""", run + n));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        var accepted = DateTimeOffset.UtcNow;

        // Done when every trigger instance of the burst is processed (its enforcements and executions are written before).
        await Eventually.WaitAsync(
            async () => Ours(await api.ListAllAsync("/api/v1/triggerinstances?trigger=core.st2.webhook")).Count(i => Field(i, "status") is "processed"),
            processed => processed == Events, TimeSpan.FromMinutes(15), $"{Events} burst trigger instances to be processed", fixture.Diagnostics);
        const int workflowCount = Events / WorkflowEvery;
        var workflows = await Eventually.WaitAsync(
            async () => Ours(await api.ListAllAsync("/api/v1/executions?action=hosttests.one_step")),
            l => l.Count == workflowCount && l.All(e => Field(e, "status") is "succeeded" or "failed" or "canceled" or "timeout" or "abandoned"),
            TimeSpan.FromMinutes(10),
            $"{workflowCount} burst workflows to end",
            fixture.Diagnostics);
        output.WriteLine($"{Events} webhooks accepted; all processed and {workflowCount} workflows ended {(DateTimeOffset.UtcNow - accepted).TotalSeconds:F0} s later");
        Assert.All(workflows, e => Assert.Equal("succeeded", Field(e, "status")));

        var instances = Ours(await api.ListAllAsync("/api/v1/triggerinstances?trigger=core.st2.webhook"));
        Assert.Equal(Events, instances.Count);
        var enforcements = Ours(await api.ListAllAsync("/api/v1/ruleenforcements?rule=" + WorkflowRule))
            .Concat(Ours(await api.ListAllAsync("/api/v1/ruleenforcements?rule=" + NoopRule))).ToList();
        var perInstanceAndRule = enforcements.GroupBy(e => (Field(e, "trigger_instance_id"), Field(e, "rule", "ref"))).ToList();
        Assert.Equal(Events + workflowCount, perInstanceAndRule.Count);
        Assert.All(perInstanceAndRule, g => Assert.Single(g));
        Assert.Equal(instances.Select(i => Field(i, "id")).Order().ToList(), enforcements.Select(e => Field(e, "trigger_instance_id")).Distinct().Order().ToList());
        Assert.All(enforcements, e => Assert.Equal("succeeded", Field(e, "status")));
        Assert.Equal(workflows.Select(w => Field(w, "id")).Order().ToList(),
            enforcements.Where(e => Field(e, "rule", "ref") is WorkflowRule).Select(e => Field(e, "execution_id")).Order().ToList());

        var noops = Ours(await api.ListAllAsync("/api/v1/executions?action=core.noop")).Where(e => Field(e, "context", "rule") is NoopRule).ToList();
        Assert.Equal(Events, noops.Count);
        Assert.All(noops, e => Assert.Equal("succeeded", Field(e, "status")));

        Assert.Empty(await storage.PeekPoisonAsync());
        Assert.Equal(0, await AppStorage.CountAsync(storage.PoisonQueue));

        // Concurrent evaluations never fail on each other's writes (they were the cause of poisoned messages).
        output.WriteLine($"failed rule evaluations during the burst: {fixture.Host.CountLogLines("Executed 'Functions.EvaluateRulesFromQueue' (Failed") - failedBefore}");
        Assert.Equal(conflictsBefore, fixture.Host.CountLogLines("changed since it was read"));

        bool IsOurs(Dictionary<string, object?> record) =>
            (Field(record, "trace_tag") ?? Field(record, "context", "trace_tag")) is string tag && tag.StartsWith(run, StringComparison.Ordinal);

        List<Dictionary<string, object?>> Ours(List<Dictionary<string, object?>> records) => records.Where(IsOurs).ToList();
    }
}
