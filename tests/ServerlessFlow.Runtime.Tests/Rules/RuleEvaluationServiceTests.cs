using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Tests.Support;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Rules;

/// <summary>Trigger instance → rules → enforcements → executions, over in-memory stores.</summary>
public sealed class RuleEvaluationServiceTests
{
    private readonly TestHost host = new();
    private readonly InMemoryEnforcementStore enforcements = new();
    private readonly RuleEvaluationService rules;

    public RuleEvaluationServiceTests()
    {
        var pack = PackLoader.Load(new InMemoryPackSource("mem/demo", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: demo\nversion: 1.0.0\ndescription: demo\nauthor: t\nemail: t@example.com\n",
            ["actions/local.yaml"] = "name: local\nrunner_type: local-shell-cmd\nentry_point: ''\nparameters:\n  cmd:\n    type: string\n    required: true\n",
            ["rules/deploy.yaml"] = """
                name: deploy
                pack: demo
                enabled: true
                trigger:
                  type: core.st2.webhook
                  parameters:
                    url: deploy
                criteria:
                  trigger.body.env:
                    type: equals
                    pattern: prod
                action:
                  ref: demo.local
                  parameters:
                    cmd: "echo deploying {{ trigger.body.msg }}"
                """,
        }, "demo"));
        var catalog = PackCatalog.Create([pack]);
        Assert.False(catalog.HasErrors, string.Join("; ", catalog.Diagnostics));
        rules = new RuleEvaluationService(catalog, enforcements, host.TriggerInstances, host.Actions, host.Time);
    }

    private Task<TriggerInstanceState> DispatchAsync(Dictionary<string, object?> body, string id) =>
        host.Triggers.DispatchAsync(
            "core.st2.webhook",
            new Dictionary<string, object?> { ["body"] = body },
            traceTag: "tag-" + id,
            id: id,
            triggerParameters: new Dictionary<string, object?> { ["url"] = "deploy" });

    [Fact]
    public async Task ProcessAsync_MatchingInstance_EnforcesAndRunsAction()
    {
        var instance = await DispatchAsync(new() { ["env"] = "prod", ["msg"] = "v2" }, "i1");
        var outcome = Assert.Single(await rules.ProcessAsync(instance));
        Assert.Equal("succeeded", outcome.Enforcement.Status);
        Assert.Equal(outcome.Execution!.Id, outcome.Enforcement.ExecutionId);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Execution.Status);
        Assert.Equal("deploying v2", ((Dictionary<string, object?>)outcome.Execution.Result!)["stdout"]);
        Assert.Equal("demo.deploy", outcome.Execution.Context.RuleRef);
        Assert.Equal("i1", outcome.Execution.Context.TriggerInstanceId);
        Assert.Equal("tag-i1", outcome.Execution.Context.TraceTag);
        Assert.Equal(TriggerInstanceStatus.Processed, (await host.TriggerInstances.GetAsync("i1"))!.Status);
        Assert.Single((await host.Executions.ListAsync(new ExecutionQuery { Rule = "demo.deploy" })).Items);
    }

    [Fact]
    public async Task ProcessAsync_Redelivery_RunsActionOnce()
    {
        var marker = Path.Combine(Path.GetTempPath(), "sflow-rule-once-" + Guid.NewGuid().ToString("N"));
        var instance = await DispatchAsync(new() { ["env"] = "prod", ["msg"] = $"x; echo ran >> {marker}" }, "i2");
        var first = Assert.Single(await rules.ProcessAsync(instance));
        var second = Assert.Single(await rules.ProcessAsync(instance));
        Assert.Equal(first.Execution!.Id, second.Execution!.Id);
        Assert.Single((await enforcements.ListAsync(new EnforcementQuery())).Items);
        Assert.Single((await host.Executions.ListAsync(new ExecutionQuery())).Items);
        Assert.False(File.Exists(marker), "the payload was run as a shell command");
        Assert.Equal($"deploying x; echo ran >> {marker}", ((Dictionary<string, object?>)first.Execution.Result!)["stdout"]);
    }

    [Fact]
    public async Task ProcessAsync_CriteriaNotMet_DoesNothing()
    {
        var instance = await DispatchAsync(new() { ["env"] = "dev", ["msg"] = "v" }, "i3");
        Assert.Empty(await rules.ProcessAsync(instance));
        Assert.Empty((await enforcements.ListAsync(new EnforcementQuery())).Items);
        Assert.Equal(TriggerInstanceStatus.Processed, (await host.TriggerInstances.GetAsync("i3"))!.Status);
    }

    [Fact]
    public async Task ProcessAsync_Completion_PublishesActionTrigger()
    {
        var instance = await DispatchAsync(new() { ["env"] = "prod", ["msg"] = "v" }, "i4");
        await rules.ProcessAsync(instance);
        Assert.Contains(host.Bus.Drain(), i => i.Trigger == ActionExecutionService.ActionTrigger && i.TraceTag == "tag-i4");
    }

    [Fact]
    public async Task ProcessAsync_PayloadNestedBeyondMatcherLimit_MarksInstanceFailedWithoutThrowing()
    {
        var nested = new Dictionary<string, object?> { ["env"] = "prod" };
        for (var i = 0; i < 100; i++)
        {
            nested = new Dictionary<string, object?> { ["x"] = nested };
        }

        var instance = await DispatchAsync(nested, "deep");

        Assert.Empty(await rules.ProcessAsync(instance));
        Assert.Equal(TriggerInstanceStatus.ProcessingFailed, (await host.TriggerInstances.GetAsync("deep"))!.Status);
        Assert.Empty((await enforcements.ListAsync(new EnforcementQuery())).Items);
    }

    [Fact]
    public void Constructor_RuleWithBadRegex_IsReportedAndOthersStillLoad()
    {
        var pack = PackLoader.Load(new InMemoryPackSource("mem/bad", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: bad\nversion: 1.0.0\ndescription: bad\nauthor: t\nemail: t@example.com\n",
            ["actions/noop.yaml"] = "name: noop\nrunner_type: noop\nentry_point: ''\n",
            ["rules/broken.yaml"] = "name: broken\npack: bad\ntrigger:\n  type: core.st2.webhook\n  parameters:\n    url: x\ncriteria:\n  trigger.body.a:\n    type: regex\n    pattern: '('\naction:\n  ref: bad.noop\n",
        }, "bad"));

        var service = new RuleEvaluationService(PackCatalog.Create([pack]), enforcements, host.TriggerInstances, host.Actions, host.Time);

        Assert.Contains(service.RuleProblems, p => p.StartsWith("bad.broken", StringComparison.Ordinal));
        Assert.Empty(rules.RuleProblems);
    }
}
