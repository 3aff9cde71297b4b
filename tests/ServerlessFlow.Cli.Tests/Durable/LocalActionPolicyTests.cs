using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// StackStorm's action policies (<c>policies/*.yaml</c>) enforced where executions are scheduled, on the local Durable
/// engine: <c>action.concurrency</c> delays or cancels over its threshold, <c>action.concurrency.attr</c> counts per parameter
/// values, <c>action.retry</c> runs a failed or timed-out execution again. Expected statuses, logs and retry contexts are
/// st2's (<c>st2actions/tests/unit/policies/test_concurrency.py</c>, <c>test_concurrency_by_attr.py</c>,
/// <c>test_retry_policy.py</c>). Actions wait on a gate file, so "running" is a state the test holds, not a timing.
/// </summary>
public sealed class LocalActionPolicyTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly string folder = Directory.CreateTempSubdirectory("sflow-policies-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Gate => Path.Combine(folder, "gate");

    private string WaitOnGate => $"while [ -e '{Gate}' ]; do sleep 0.05; done";

    [Fact]
    public async Task RunAsync_TenAtOnceThresholdTwoDelay_AtMostTwoRunTheOthersDelayedThenRun()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        File.WriteAllText(Gate, string.Empty);
        var ids = Enumerable.Range(0, 10).Select(_ => RecordIds.New(host.Time)).ToList();

        var runs = ids.Select(id => Task.Run(() => host.RunAsync("policydemo.gate", new() { ["cmd"] = WaitOnGate }, id, cts.Token))).ToList();
        List<ExecutionState> held = await WaitForAsync(host, ids, all => all.Count(e => e.Status == ExecutionStatus.Running) == 2
            && all.Count(e => e.Status == ExecutionStatus.Delayed) == 8, cts.Token);
        File.Delete(Gate);
        ExecutionState[] done = await Task.WhenAll(runs);

        Assert.All(done, e => Assert.Equal(ExecutionStatus.Succeeded, e.Status));
        List<ExecutionState> stored = await GetAllAsync(host, ids, cts.Token);
        Assert.All(stored.Where(e => held.Single(h => h.Id == e.Id).Status == ExecutionStatus.Running), e =>
            Assert.Equal(["requested", "scheduled", "running", "succeeded"], e.Log.Select(l => l.Status.ToApiName())));
        // st2: requested, delayed, requested (the threshold no longer reached), scheduled, running.
        Assert.Equal(8, stored.Count(e => e.Log.Select(l => l.Status.ToApiName()).SequenceEqual(["requested", "delayed", "requested", "scheduled", "running", "succeeded"])));
        Assert.True(MostAtOnce(stored) <= 2, $"at most 2 run at once, saw {MostAtOnce(stored)}");
    }

    [Fact]
    public async Task RunAsync_OverThresholdCancel_CanceledWithoutRunningThenSlotFreedAfterTheFirstEnds()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        File.WriteAllText(Gate, string.Empty);
        string firstId = RecordIds.New(host.Time);
        Task<ExecutionState> first = Task.Run(() => host.RunAsync("policydemo.gate_cancel", new() { ["cmd"] = WaitOnGate }, firstId, cts.Token));
        await WaitForAsync(host, [firstId], all => all[0].Status == ExecutionStatus.Running, cts.Token);

        ExecutionState second = await host.RunAsync("policydemo.gate_cancel", new() { ["cmd"] = "echo never" }, cancellationToken: cts.Token);

        // st2: the policy sets canceling (published so the runner cancels it), the runner's cancel gives canceled and keeps
        // the (empty) result; the action never ran.
        Assert.Equal(ExecutionStatus.Canceled, second.Status);
        Assert.Equal(["requested", "canceling", "canceled"], second.Log.Select(l => l.Status.ToApiName()));
        Assert.Equal(new Dictionary<string, object?>(), second.Result);
        File.Delete(Gate);
        Assert.Equal(ExecutionStatus.Succeeded, (await first).Status);
        Assert.Equal(ExecutionStatus.Succeeded, (await host.RunAsync("policydemo.gate_cancel", new() { ["cmd"] = "echo again" }, cancellationToken: cts.Token)).Status);
    }

    [Fact]
    public async Task RunAsync_ConcurrencyByAttribute_OtherValueRunsSameValueDelayed()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        File.WriteAllText(Gate, string.Empty);
        string blueId = RecordIds.New(host.Time);
        Task<ExecutionState> blue = Task.Run(() => host.RunAsync("policydemo.gate_attr", new() { ["cmd"] = WaitOnGate, ["group"] = "blue" }, blueId, cts.Token));
        await WaitForAsync(host, [blueId], all => all[0].Status == ExecutionStatus.Running, cts.Token);

        ExecutionState red = await host.RunAsync("policydemo.gate_attr", new() { ["cmd"] = "echo red", ["group"] = "red" }, cancellationToken: cts.Token);
        string secondBlueId = RecordIds.New(host.Time);
        Task<ExecutionState> secondBlue = Task.Run(() => host.RunAsync("policydemo.gate_attr", new() { ["cmd"] = "echo blue", ["group"] = "blue" }, secondBlueId, cts.Token));
        await WaitForAsync(host, [secondBlueId], all => all[0].Status == ExecutionStatus.Delayed, cts.Token);
        File.Delete(Gate);

        Assert.Equal(ExecutionStatus.Succeeded, red.Status);
        Assert.Equal(["requested", "scheduled", "running", "succeeded"], red.Log.Select(l => l.Status.ToApiName()));
        Assert.Equal(ExecutionStatus.Succeeded, (await blue).Status);
        ExecutionState later = await secondBlue;
        Assert.Equal(["requested", "delayed", "requested", "scheduled", "running", "succeeded"], later.Log.Select(l => l.Status.ToApiName()));
    }

    [Fact]
    public async Task RunAsync_RetryOnFailureFirstRetrySucceeds_TwoExecutionsTheSecondNamingTheFirst()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        string marker = Path.Combine(folder, "tried");

        ExecutionState first = await host.RunAsync(
            "policydemo.flaky", new() { ["cmd"] = $"if [ -e '{marker}' ]; then echo ok; else touch '{marker}'; exit 3; fi" }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Failed, first.Status);
        List<ExecutionState> all = await ListAsync(host, "policydemo.flaky", cts.Token);
        Assert.Equal(2, all.Count);
        ExecutionState retry = Assert.Single(all, e => e.Id != first.Id);
        Assert.Equal(ExecutionStatus.Succeeded, retry.Status);
        Assert.Equal(new RetryContextState("policydemo.flaky.retry", 1, first.Id), retry.Context.Retry);
        var policies = (Dictionary<string, object?>)((Dictionary<string, object?>)retry.ToPlain()["context"]!)["policies"]!;
        Assert.Equal(
            new Dictionary<string, object?> { ["applied_policy"] = "policydemo.flaky.retry", ["retry_count"] = 1L, ["retried_liveaction_id"] = first.Id },
            (Dictionary<string, object?>)policies["retry"]!);
        Assert.Null(first.Context.Retry);
    }

    [Fact]
    public async Task RunAsync_RetryOnFailureAlwaysFails_RetriedMaxRetryCountTimes()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState first = await host.RunAsync("policydemo.flaky", new() { ["cmd"] = "exit 1" }, cancellationToken: cts.Token);

        List<ExecutionState> all = await ListAsync(host, "policydemo.flaky", cts.Token);
        Assert.Equal(3, all.Count);
        Assert.All(all, e => Assert.Equal(ExecutionStatus.Failed, e.Status));
        ExecutionState one = Assert.Single(all, e => e.Context.Retry?.RetryCount == 1);
        ExecutionState two = Assert.Single(all, e => e.Context.Retry?.RetryCount == 2);
        Assert.Equal(first.Id, one.Context.Retry!.RetriedExecutionId);
        Assert.Equal(one.Id, two.Context.Retry!.RetriedExecutionId);
    }

    [Fact]
    public async Task RunAsync_RetryOnTimeout_FailureNotRetriedTimeoutRetriedOnce()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState failed = await host.RunAsync("policydemo.slow", new() { ["cmd"] = "exit 1" }, cancellationToken: cts.Token);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        Assert.Single(await ListAsync(host, "policydemo.slow", cts.Token));

        ExecutionState timedOut = await host.RunAsync("policydemo.slow", new() { ["cmd"] = "sleep 30", ["timeout"] = 1 }, cancellationToken: cts.Token);

        Assert.Equal(ExecutionStatus.Timeout, timedOut.Status);
        List<ExecutionState> retries = (await ListAsync(host, "policydemo.slow", cts.Token)).Where(e => e.Context.Retry is not null).ToList();
        ExecutionState retry = Assert.Single(retries);
        Assert.Equal(ExecutionStatus.Timeout, retry.Status);
        Assert.Equal(new RetryContextState("policydemo.slow.retry", 1, timedOut.Id), retry.Context.Retry);
    }

    [Fact]
    public async Task RunAsync_FailingTaskOfAWorkflow_NotRetried()
    {
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState workflow = await host.RunAsync("policydemo.flow", [], cancellationToken: cts.Token);

        Assert.True(workflow.Status == ExecutionStatus.Failed, Core.Values.JsonText.Serialize(workflow.Result));
        IReadOnlyList<ExecutionState> children = await host.Executions.ListChildrenAsync(workflow.Id, cts.Token);
        Assert.True(children.Count == 1, Core.Values.JsonText.Serialize(workflow.Result));
        ExecutionState task = children[0];
        Assert.Equal("policydemo.flaky", task.Action);
        Assert.Equal(ExecutionStatus.Failed, task.Status);
        Assert.Single(await ListAsync(host, "policydemo.flaky", cts.Token));
        Assert.Equal(workflow.Id, task.Context.ParentExecutionId);
    }

    internal static int MostAtOnce(IEnumerable<ExecutionState> executions)
    {
        // Ends sort before starts at the same instant: a place is given back when the end is recorded, before the next start.
        var changes = executions.SelectMany(e => new[]
        {
            (At: e.Log.Single(l => l.Status == ExecutionStatus.Running).Timestamp, Delta: 1),
            (At: e.EndTimestamp!.Value, Delta: -1),
        }).OrderBy(c => c.At).ThenBy(c => c.Delta);
        int now = 0, most = 0;
        foreach (var change in changes)
        {
            now += change.Delta;
            most = Math.Max(most, now);
        }

        return most;
    }

    private static async Task<List<ExecutionState>> WaitForAsync(
        LocalWorkflowHost host, IReadOnlyList<string> ids, Func<List<ExecutionState>, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<ExecutionState> all = await GetAllAsync(host, ids, cancellationToken);
            if (all.Count == ids.Count && condition(all))
            {
                return all;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task<List<ExecutionState>> GetAllAsync(LocalWorkflowHost host, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var all = new List<ExecutionState>();
        foreach (string id in ids)
        {
            if (await host.Executions.GetAsync(id, cancellationToken) is { } execution)
            {
                all.Add(execution);
            }
        }

        return all;
    }

    private static async Task<List<ExecutionState>> ListAsync(LocalWorkflowHost host, string action, CancellationToken cancellationToken) =>
        [.. (await host.Executions.ListAsync(new ExecutionQuery { Action = action, Limit = 100 }, cancellationToken)).Items];

    [Fact]
    public async Task ResumeDelayedRunsAsync_DelayedLeftByAStoppedProcess_WaitsItsTurnAgainAndRuns()
    {
        // What a process that died while an API-started execution waited delayed leaves behind: the record, delayed.
        await using LocalWorkflowHost host = await StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        string id = RecordIds.New(host.Time);
        var requested = ExecutionState.Create(id, "policydemo.gate", "local-shell-cmd", new() { ["cmd"] = "echo resumed" }, new ExecutionContextState(), host.Time.GetUtcNow());
        (ExecutionState created, _) = await host.Executions.CreateAsync(requested, cts.Token);
        await host.Executions.UpdateAsync(created.WithStatus(ExecutionStatus.Delayed, host.Time.GetUtcNow()), cts.Token);
        string secretId = RecordIds.New(host.Time);
        var masked = ExecutionState.Create(secretId, "policydemo.gate", "local-shell-cmd", new() { ["cmd"] = "********" }, new ExecutionContextState(), host.Time.GetUtcNow());
        (ExecutionState maskedCreated, _) = await host.Executions.CreateAsync(masked, cts.Token);
        await host.Executions.UpdateAsync(maskedCreated.WithStatus(ExecutionStatus.Delayed, host.Time.GetUtcNow()), cts.Token);

        var resumed = await host.Actions.ResumeDelayedRunsAsync(
            actionRef => host.Catalog.FindAction(actionRef) is { } action && host.Catalog.FindPack(action.Pack) is { } pack
                ? (action, Path.Combine(pack.Location, "actions"))
                : null,
            cts.Token,
            cts.Token);
        ExecutionState done = Assert.Single(await Task.WhenAll(resumed));

        Assert.Equal(id, done.Id);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("resumed", ((Dictionary<string, object?>)done.Result!)["stdout"]);
        Assert.Equal(["requested", "delayed", "requested", "scheduled", "running", "succeeded"], done.Log.Select(l => l.Status.ToApiName()));
        ExecutionState secret = (await host.Executions.GetAsync(secretId, cts.Token))!;
        Assert.Equal(ExecutionStatus.Failed, secret.Status);
        Assert.Contains("secret parameters are not stored", Core.Values.JsonText.Serialize(secret.Result), StringComparison.Ordinal);
    }

    private Task<LocalWorkflowHost> StartAsync() =>
        LocalWorkflowHost.StartAsync(PolicyDemoPack.Runtime(PolicyDemoPack.Write(folder, Gate), RuntimeStores.InMemory()), new LocalDurableEngineOptions());
}
