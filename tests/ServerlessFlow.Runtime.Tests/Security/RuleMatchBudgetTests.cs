using System.Text;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Tests.Support;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 8: matching one trigger instance has a time budget. An event whose criteria are slow (regular
/// expressions that backtrack until their own timeout) is failed once the budget is spent, instead of being held through every
/// rule; an unrelated event is matched as usual.</summary>
public sealed class RuleMatchBudgetTests
{
    private const int SlowRules = 20;

    private readonly TestHost host = new();
    private readonly InMemoryEnforcementStore enforcements = new();
    private readonly RuleEvaluationService rules;

    public RuleMatchBudgetTests()
    {
        var files = new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: budget\nversion: 1.0.0\ndescription: budget\nauthor: t\nemail: t@example.com\n",
            ["actions/local.yaml"] = "name: local\nrunner_type: local-shell-cmd\nentry_point: ''\nparameters:\n  cmd:\n    type: string\n    required: true\n",
            ["rules/fast.yaml"] = Rule("fast", "fast", criteria: "{}"),
        };
        for (var i = 0; i < SlowRules; i++)
        {
            // Each criterion backtracks on "aaa…!" until the regex timeout (100 ms): 20 of them take 2 s or more, whatever the load.
            files[$"rules/slow{i}.yaml"] = Rule($"slow{i}", "slow", criteria: "\n  trigger.body.text:\n    type: regex\n    pattern: '^(a+)+$'");
        }

        var catalog = PackCatalog.Create([PackLoader.Load(new InMemoryPackSource("mem/budget", files, "budget"))]);
        Assert.False(catalog.HasErrors, string.Join("; ", catalog.Diagnostics));
        rules = new RuleEvaluationService(catalog, enforcements, host.TriggerInstances, host.Actions, TimeProvider.System)
        {
            MatchBudget = TimeSpan.FromMilliseconds(250),
        };
    }

    [Fact]
    public async Task ProcessAsync_SlowCriteriaPastTheBudget_FailsTheInstanceWithoutEnforcing()
    {
        var slow = await DispatchAsync("slow", new string('a', 40) + "!", "slow-1");

        var outcomes = await rules.ProcessAsync(slow);

        // Held through every rule, each criterion's timeout would have made a failed enforcement of its own.
        Assert.Empty(outcomes);
        Assert.Empty((await enforcements.ListAsync(new EnforcementQuery())).Items);
        Assert.Equal(TriggerInstanceStatus.ProcessingFailed, (await host.TriggerInstances.GetAsync(slow.Id))!.Status);
    }

    [Fact]
    public async Task ProcessAsync_UnrelatedEventAfterASlowOne_IsEnforced()
    {
        await rules.ProcessAsync(await DispatchAsync("slow", new string('a', 40) + "!", "slow-2"));
        var fast = await DispatchAsync("fast", "hello", "fast-1");

        var outcome = Assert.Single(await rules.ProcessAsync(fast));

        Assert.Equal("budget.fast", outcome.Enforcement.RuleRef);
        Assert.Equal("succeeded", outcome.Enforcement.Status);
        Assert.Equal(TriggerInstanceStatus.Processed, (await host.TriggerInstances.GetAsync(fast.Id))!.Status);
    }

    private static string Rule(string name, string url, string criteria) => new StringBuilder()
        .Append("name: ").Append(name).Append('\n')
        .Append("pack: budget\nenabled: true\ntrigger:\n  type: core.st2.webhook\n  parameters:\n    url: ").Append(url).Append('\n')
        .Append("criteria: ").Append(criteria).Append('\n')
        .Append("action:\n  ref: budget.local\n  parameters:\n    cmd: echo {{ trigger.body.text }}\n")
        .ToString();

    private Task<TriggerInstanceState> DispatchAsync(string url, string text, string id) =>
        host.Triggers.DispatchAsync(
            "core.st2.webhook",
            new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["text"] = text } },
            traceTag: "tag-" + id,
            id: id,
            triggerParameters: new Dictionary<string, object?> { ["url"] = url });
}
