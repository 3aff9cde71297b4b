using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Rules.Triggers;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>The examples pack loaded by the pack loader, compiled and run end to end through the rule engine.</summary>
public sealed class RuleSetTests
{
    private static IPackSource Source(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        return new InMemoryPackSource(folder, files, Path.GetFileName(folder));
    }

    private static PackCatalog Packs() => PackCatalog.Create([
        PackLoader.Load(Source(RepositoryPaths.St2Examples)),
        PackLoader.Load(Source(Path.Combine(RepositoryPaths.St2Packs, "core"))),
    ]);

    [SkippableFact]
    public void FromCatalog_ExamplesPack_AllSixRulesCompile()
    {
        var set = RuleSet.FromCatalog(Packs());

        Assert.Empty(set.Problems);
        Assert.Equal(6, set.Rules.Count(r => r.Ref.StartsWith("examples.", StringComparison.Ordinal)));
        Assert.Equal(4, set.BuildIndex().Count);
    }

    [SkippableFact]
    public void Process_WebhookInstance_OneSucceededEnforcementWithCoreLocalDefaults()
    {
        var packs = Packs();
        var set = RuleSet.FromCatalog(packs);
        var engine = new RuleEngine(
            new RuleMatcher(set.BuildIndex(), new CriteriaEvaluator(TimeProvider.System, new JinjaRuleTemplateRenderer())),
            new RuleEnforcer(new ActionParameterRenderer(new JinjaRuleTemplateRenderer()), new PackRuleActionCatalog(packs)));
        var instance = new TriggerInstance("ti-webhook", "core.st2.webhook", new Dictionary<string, object?> { ["url"] = "sample" },
            JsonText.Parse("""{"headers": {}, "body": {"name": "st2"}}"""));

        Assert.Empty(TriggerInstanceValidator.Validate(instance));
        var result = Assert.Single(engine.Process(instance));

        Assert.Equal(RuleEnforcementStatus.Succeeded, result.Enforcement.Status);
        Assert.Equal("examples.sample_rule_with_webhook", result.Enforcement.RuleRef);
        Assert.Equal("echo \"{'name': 'st2'}\" >> ~/st2.webhook_sample.out ; sync", result.Enforcement.Parameters["cmd"]);
        Assert.Equal(60L, result.Enforcement.Parameters["timeout"]);
    }

    [SkippableFact]
    public void Process_OtherWebhookUrl_NoEnforcement()
    {
        var set = RuleSet.FromCatalog(Packs());
        var matcher = new RuleMatcher(set.BuildIndex(), new CriteriaEvaluator(TimeProvider.System));

        Assert.Empty(matcher.Match(new TriggerInstance("ti", "core.st2.webhook", new Dictionary<string, object?> { ["url"] = "other" },
            JsonText.Parse("""{"headers": {}, "body": {"name": "st2"}}"""))));
    }

    [SkippableFact]
    public void Validate_UnknownTriggerType_Reported()
    {
        Assert.Equal(["trigger type nope.nope does not exist"], TriggerInstanceValidator.Validate(new TriggerInstance("i", "nope.nope", null, null)));
    }

    private static PackLoadResult LoadRule(string rule) => PackLoader.Load(new InMemoryPackSource("packs/demo", new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pack.yaml"] = "ref: demo\nname: demo\nversion: 1.0.0\ndescription: d\nauthor: a\nemail: a@example.com\n",
        ["rules/r.yaml"] = rule,
    }));

    private static RuleMatcher Matcher(RuleSet set) => new(set.BuildIndex(), new CriteriaEvaluator(TimeProvider.System));

    private static TriggerInstance ActionTrigger(string payload) => new("i", "core.st2.generic.actiontrigger", null, JsonText.Parse(payload));

    [SkippableFact]
    public void FromCatalog_SearchAnyAndOrGroup_LoadsCleanAndMatches()
    {
        var loaded = LoadRule("""
            name: r
            pack: demo
            enabled: true
            trigger: {type: core.st2.generic.actiontrigger}
            criteria:
              trigger.result.items:
                type: search
                condition: any
                pattern:
                  item.state: {type: equals, pattern: down}
              or:
                - trigger.status: {type: equals, pattern: failed}
                - trigger.status: {type: Equals, pattern: timeout}
            action: {ref: core.noop}
            """);

        var set = RuleSet.FromCatalog(PackCatalog.Create([loaded]));
        var matcher = Matcher(set);

        Assert.Empty(loaded.Diagnostics);
        Assert.Empty(set.Problems);
        Assert.Single(matcher.Match(ActionTrigger("""{"status": "timeout", "result": {"items": [{"state": "up"}, {"state": "down"}]}}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"status": "succeeded", "result": {"items": [{"state": "down"}]}}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"status": "failed", "result": {"items": [{"state": "up"}]}}""")));
    }

    [SkippableFact]
    public void FromCatalog_SearchConditionAll_RequiresEveryItemToMatch()
    {
        var loaded = LoadRule("""
            name: r
            pack: demo
            enabled: true
            trigger: {type: core.st2.generic.actiontrigger}
            criteria:
              trigger.hosts:
                type: search
                condition: all
                pattern:
                  item.state: {type: equals, pattern: up}
                  item.name: {type: startswith, pattern: web}
            action: {ref: core.noop}
            """);

        var set = RuleSet.FromCatalog(PackCatalog.Create([loaded]));
        var matcher = Matcher(set);

        Assert.Empty(loaded.Diagnostics);
        Assert.Empty(set.Problems);
        Assert.Equal("all", Assert.Single(Assert.Single(loaded.Pack.Rules).Criteria).Condition);
        Assert.Single(matcher.Match(ActionTrigger("""{"hosts": [{"name": "web1", "state": "up"}, {"name": "web2", "state": "up"}]}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"hosts": [{"name": "web1", "state": "up"}, {"name": "web2", "state": "down"}]}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"hosts": [{"name": "web1", "state": "up"}, {"name": "db1", "state": "up"}]}""")));
    }

    [SkippableFact]
    public void FromCatalog_NotGroupAndKeySuffix_LoadsCleanAndMatches()
    {
        var loaded = LoadRule("""
            name: r
            pack: demo
            enabled: true
            trigger: {type: core.st2.generic.actiontrigger}
            criteria:
              not:
                trigger.status: {type: EQ, pattern: succeeded}
              or#2:
                - trigger.retry: {type: exists}
                - trigger.count: {type: gt, pattern: 3}
            action: {ref: core.noop}
            """);

        var matcher = Matcher(RuleSet.FromCatalog(PackCatalog.Create([loaded])));

        Assert.Empty(loaded.Diagnostics);
        Assert.Single(matcher.Match(ActionTrigger("""{"status": "failed", "count": 4}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"status": "succeeded", "count": 4}""")));
        Assert.Empty(matcher.Match(ActionTrigger("""{"status": "failed", "count": 1}""")));
    }

    [SkippableTheory]
    [InlineData("""
        or:
            - trigger.status: {type: equals, pattern: failed}
            - trigger.status:
                type: sortofequals
                pattern: timeout
        """, "packs/demo/rules/r.yaml:8:17: error invalid-value: rule 'demo.r': criterion 'or[1] trigger.status' uses operator 'sortofequals', which does not exist")]
    [InlineData("""
        trigger.items:
            type: search
            condition: any
            pattern:
                item.state: {type: nope, pattern: up}
        """, "packs/demo/rules/r.yaml:9:30: error invalid-value: rule 'demo.r': criterion 'trigger.items pattern item.state' uses operator 'nope', which does not exist")]
    public void Load_BadOperatorInsideGroupOrSearch_ReportsErrorWithPosition(string criteria, string expected)
    {
        var indented = string.Join('\n', criteria.Split('\n').Select(line => "  " + line));
        var loaded = LoadRule($"name: r\npack: demo\ntrigger: {{type: core.st2.generic.actiontrigger}}\ncriteria:\n{indented}\naction: {{ref: core.noop}}\n");

        var error = Assert.Single(loaded.Diagnostics);
        Assert.True(error.IsError);
        Assert.StartsWith(expected, error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Load_SearchWithUnknownCondition_WarnsNeverMatches()
    {
        var loaded = LoadRule("""
            name: r
            pack: demo
            trigger: {type: core.st2.generic.actiontrigger}
            criteria:
              trigger.items:
                type: search
                condition: some
                pattern:
                  item.state: {type: equals, pattern: up}
            action: {ref: core.noop}
            """);

        var warning = Assert.Single(loaded.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("rule 'demo.r': criterion 'trigger.items' is a search with condition 'some', so it never matches", warning.ToString(), StringComparison.Ordinal);
    }
}
