using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Rules;

/// <summary>Rule evaluations of the same trigger instance running at the same time (a queue message delivered twice at
/// once, a timer fire published again while pending), and workflows recording themselves while their start is still
/// being recorded: each record is written once, no evaluation fails on another's write, and no action runs twice.</summary>
public sealed class ConcurrentEvaluationTests
{
    private const string Runner = "counting";

    private readonly CountingRunner runner = new();
    private readonly BarrierExecutionStore executions = new();
    private readonly CountingEnforcementStore enforcements = new();
    private readonly InMemoryTriggerInstanceStore instances = new();
    private readonly InMemoryTriggerBus bus = new();
    private readonly ActionExecutionService actions;
    private readonly RuleEvaluationService rules;

    public ConcurrentEvaluationTests()
    {
        var pack = PackLoader.Load(new InMemoryPackSource("mem/race", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: race\nversion: 1.0.0\ndescription: race\nauthor: t\nemail: t@example.com\n",
            ["actions/count.yaml"] = $"name: count\nrunner_type: {Runner}\nentry_point: ''\nparameters:\n  n:\n    type: string\n",
            ["rules/on_hook.yaml"] = """
                name: on_hook
                pack: race
                enabled: true
                trigger:
                  type: core.st2.webhook
                  parameters:
                    url: race
                criteria: {}
                action:
                  ref: race.count
                  parameters:
                    n: "{{ trigger.body.n }}"
                """,
        }, "race"));
        var catalog = PackCatalog.Create([pack]);
        var time = TimeProvider.System;
        var triggers = new TriggerDispatcher(instances, bus, time);
        actions = new ActionExecutionService(executions, new RunnerRegistry([runner]), RunnerTypeCatalog.Default, time, triggers);
        rules = new RuleEvaluationService(catalog, enforcements, instances, actions, time);
    }

    private async Task<TriggerInstanceState> StoreInstanceAsync(string id)
    {
        var (stored, _) = await instances.CreateAsync(new TriggerInstanceState
        {
            Id = id,
            Trigger = "core.st2.webhook",
            TriggerParameters = new Dictionary<string, object?> { ["url"] = "race" },
            Payload = new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["n"] = "1" } },
            OccurrenceTime = DateTimeOffset.UtcNow,
        });
        return stored;
    }

    [Fact]
    public async Task ProcessAsync_EightDeliveriesAtOnce_OneEnforcementOneExecutionOneRunNoFailure()
    {
        var instance = await StoreInstanceAsync("burst-1");
        // Every delivery gets past the enforcement and reads the requested execution before any claims it.
        executions.HoldCreatesUntil(8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => rules.ProcessAsync(instance))));

        Assert.Equal(1, runner.Runs);
        var enforcement = Assert.Single((await enforcements.ListAsync(new EnforcementQuery())).Items);
        var execution = Assert.Single((await executions.ListAsync(new ExecutionQuery())).Items);
        Assert.Equal(execution.Id, enforcement.ExecutionId);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.All(outcomes, o => Assert.Equal(execution.Id, Assert.Single(o).Execution!.Id));
        Assert.Equal(TriggerInstanceStatus.Processed, (await instances.GetAsync("burst-1"))!.Status);
        // The enforcement was written whole at creation: nothing to update, so nothing to lose.
        Assert.Equal(0, enforcements.Updates);
        Assert.Single(bus.Drain(), i => i.Trigger == ActionExecutionService.ActionTrigger);
    }

    [Fact]
    public async Task ProcessAsync_EnforcementStoredButExecutionNotYet_RedeliveryRunsTheAction()
    {
        var instance = await StoreInstanceAsync("crash-1");
        executions.FailNextCreate = true; // the process dies between the enforcement and the execution

        await Assert.ThrowsAsync<TimeoutException>(() => rules.ProcessAsync(instance));
        var redelivered = Assert.Single(await rules.ProcessAsync(instance));

        Assert.Equal(1, runner.Runs);
        Assert.Equal(ExecutionStatus.Succeeded, redelivered.Execution!.Status);
        Assert.Equal(redelivered.Execution.Id, Assert.Single((await enforcements.ListAsync(new EnforcementQuery())).Items).ExecutionId);
    }

    [Fact]
    public async Task RunAsync_RunnerReportsRunningAfterWorkflowRecordedItsEnd_OrchestrationsRecordStands()
    {
        // A workflow runner starts the orchestration and reports "running"; a fast orchestration may have recorded its end
        // by then. The start must not write over it (nor fail on the newer version).
        runner.Behaviour = async request =>
        {
            var stored = (await executions.GetAsync(request.ExecutionId))!;
            await actions.CompleteAsync(stored, new RunnerOutcome(ExecutionStatus.Succeeded, new Dictionary<string, object?> { ["output"] = "done" }));
            return new RunnerOutcome(ExecutionStatus.Running, null);
        };

        var returned = await actions.RunAsync(Action(), [], ".", executionId: "wf-1");

        Assert.Equal(ExecutionStatus.Running, returned.Status);
        var stored = (await executions.GetAsync("wf-1"))!;
        Assert.Equal(ExecutionStatus.Succeeded, stored.Status);
        Assert.Equal("done", ((Dictionary<string, object?>)stored.Result!)["output"]);
    }

    [Fact]
    public async Task CompleteAsync_SomeoneCompletedItFirst_ReturnsTheirRecordAndSendsNoSecondActionTrigger()
    {
        var (requested, _) = await executions.CreateAsync(ExecutionState.Create("done-1", "race.count", Runner, [], new ExecutionContextState(), DateTimeOffset.UtcNow));
        var running = await executions.UpdateAsync(requested.WithStatus(ExecutionStatus.Running, DateTimeOffset.UtcNow));
        await actions.CompleteAsync(running, new RunnerOutcome(ExecutionStatus.Failed, "first"));
        bus.Drain();

        var second = await actions.CompleteAsync(running, new RunnerOutcome(ExecutionStatus.Succeeded, "second"));

        Assert.Equal(ExecutionStatus.Failed, second.Status);
        Assert.Equal("first", second.Result);
        Assert.Empty(bus.Drain());
    }

    private static ActionSpec Action() => PackCatalog.Create([PackLoader.Load(new InMemoryPackSource("mem/one", new Dictionary<string, string>
    {
        ["pack.yaml"] = "name: one\nversion: 1.0.0\ndescription: one\nauthor: t\nemail: t@example.com\n",
        ["actions/wf.yaml"] = $"name: wf\nrunner_type: {Runner}\nentry_point: ''\n",
    }, "one"))]).FindAction("one.wf")!;

    /// <summary>Counts the runs; succeeds unless given another behaviour.</summary>
    private sealed class CountingRunner : IActionRunner
    {
        private int runs;

        public string Name => Runner;

        public int Runs => runs;

        public Func<ActionRunRequest, Task<RunnerOutcome>> Behaviour { get; set; } = _ => Task.FromResult(new RunnerOutcome(ExecutionStatus.Succeeded, "ran"));

        public Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            return Behaviour(request);
        }
    }

    /// <summary>The in-memory execution store, which can hold creates until several callers have arrived (so they all read the
    /// same requested execution before any of them claims it) or fail one create.</summary>
    private sealed class BarrierExecutionStore : IExecutionStore
    {
        private readonly InMemoryExecutionStore inner = new();
        private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int waiting;

        public bool FailNextCreate { get; set; }

        public void HoldCreatesUntil(int callers) => waiting = callers;

        public async Task<(ExecutionState Stored, bool Created)> CreateAsync(ExecutionState execution, CancellationToken cancellationToken = default)
        {
            if (FailNextCreate)
            {
                FailNextCreate = false;
                throw new TimeoutException("storage went away");
            }

            var result = await inner.CreateAsync(execution, cancellationToken);
            if (Volatile.Read(ref waiting) > 0)
            {
                if (Interlocked.Decrement(ref waiting) == 0)
                {
                    allArrived.SetResult();
                }

                await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            }

            return result;
        }

        public Task CreateManyAsync(IReadOnlyList<ExecutionState> executions, CancellationToken cancellationToken = default) => inner.CreateManyAsync(executions, cancellationToken);

        public Task<ExecutionState?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<ExecutionState> UpdateAsync(ExecutionState execution, CancellationToken cancellationToken = default) => inner.UpdateAsync(execution, cancellationToken);

        public Task<RecordPage<ExecutionState>> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

        public Task<IReadOnlyList<ExecutionState>> ListChildrenAsync(string parentId, CancellationToken cancellationToken = default) => inner.ListChildrenAsync(parentId, cancellationToken);
    }

    /// <summary>The in-memory enforcement store, counting updates.</summary>
    private sealed class CountingEnforcementStore : IEnforcementStore
    {
        private readonly InMemoryEnforcementStore inner = new();
        private int updates;

        public int Updates => updates;

        public Task<(RuleEnforcementState Stored, bool Created)> CreateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default) => inner.CreateAsync(enforcement, cancellationToken);

        public Task<RuleEnforcementState?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<RuleEnforcementState> UpdateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref updates);
            return inner.UpdateAsync(enforcement, cancellationToken);
        }

        public Task<RecordPage<RuleEnforcementState>> ListAsync(EnforcementQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
    }
}
