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
        PackLoader.Load(Source(RuleTesterGoldenTests.ExamplesPack)),
        PackLoader.Load(Source(Path.Combine(RuleTesterGoldenTests.ExamplesPack, "..", "core"))),
    ]);

    [Fact]
    public void FromCatalog_ExamplesPack_AllSixRulesCompile()
    {
        var set = RuleSet.FromCatalog(Packs());

        Assert.Empty(set.Problems);
        Assert.Equal(6, set.Rules.Count(r => r.Ref.StartsWith("examples.", StringComparison.Ordinal)));
        Assert.Equal(4, set.BuildIndex().Count);
    }

    [Fact]
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

    [Fact]
    public void Process_OtherWebhookUrl_NoEnforcement()
    {
        var set = RuleSet.FromCatalog(Packs());
        var matcher = new RuleMatcher(set.BuildIndex(), new CriteriaEvaluator(TimeProvider.System));

        Assert.Empty(matcher.Match(new TriggerInstance("ti", "core.st2.webhook", new Dictionary<string, object?> { ["url"] = "other" },
            JsonText.Parse("""{"headers": {}, "body": {"name": "st2"}}"""))));
    }

    [Fact]
    public void Validate_UnknownTriggerType_Reported()
    {
        Assert.Equal(["trigger type nope.nope does not exist"], TriggerInstanceValidator.Validate(new TriggerInstance("i", "nope.nope", null, null)));
    }

    [Fact]
    public void FromCatalog_WithCriteriaSource_KeepsSearchConditionAndGroups()
    {
        var source = new InMemoryPackSource("packs/demo", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pack.yaml"] = "ref: demo\nname: demo\nversion: 1.0.0\ndescription: d\nauthor: a\nemail: a@example.com\n",
            ["rules/r.yaml"] = """
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
                    - trigger.status: {type: equals, pattern: timeout}
                action: {ref: core.noop}
                """,
        });
        var catalog = PackCatalog.Create([PackLoader.Load(source)]);

        var set = RuleSet.FromCatalog(catalog, criteriaSource: RuleSet.CriteriaFrom(new Dictionary<string, IPackSource> { ["demo"] = source }));
        var matcher = new RuleMatcher(set.BuildIndex(), new CriteriaEvaluator(TimeProvider.System));

        Assert.Empty(set.Problems);
        Assert.Single(matcher.Match(new TriggerInstance("i", "core.st2.generic.actiontrigger", null,
            JsonText.Parse("""{"status": "timeout", "result": {"items": [{"state": "up"}, {"state": "down"}]}}"""))));
        Assert.Empty(matcher.Match(new TriggerInstance("i", "core.st2.generic.actiontrigger", null,
            JsonText.Parse("""{"status": "succeeded", "result": {"items": [{"state": "down"}]}}"""))));
    }
}
