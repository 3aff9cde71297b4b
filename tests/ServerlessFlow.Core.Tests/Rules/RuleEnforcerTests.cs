using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

public sealed class RuleEnforcerTests
{
    private sealed class Catalog(Dictionary<string, RuleActionInfo> actions) : IRuleActionCatalog
    {
        public bool TryGetAction(string actionRef, out RuleActionInfo action) => actions.TryGetValue(actionRef, out action!);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Schemas(string json) =>
        ((Dictionary<string, object?>)JsonText.Parse(json)!).ToDictionary(
            kv => kv.Key, kv => (IReadOnlyDictionary<string, object?>)(Dictionary<string, object?>)kv.Value!, StringComparer.Ordinal);

    private static readonly Catalog Actions = new(new()
    {
        ["demo.post"] = new RuleActionInfo("demo.post", "demo", Schemas("""
            {"channel": {"type": "string", "required": true},
             "token": {"type": "string", "secret": true, "required": true},
             "retries": {"type": "integer", "default": 3},
             "sudo": {"type": "boolean", "default": false, "immutable": true}}
            """), new Dictionary<string, object?>()),
    });

    private static RuleEngine Engine(params CompiledRule[] rules) => new(
        new RuleMatcher(RuleIndex.Build(rules), new CriteriaEvaluator(TimeProvider.System, new JinjaRuleTemplateRenderer())),
        new RuleEnforcer(new ActionParameterRenderer(new JinjaRuleTemplateRenderer()), Actions));

    private static CompiledRule Rule(string parameters, string action = "demo.post") => CompiledRule.Create(
        "demo.notify", true, RuleKind.Standard, "demo.event", null, JsonText.Parse("""{"trigger.kind": {"type": "equals", "pattern": "alert"}}"""),
        action, (Dictionary<string, object?>)JsonText.Parse(parameters)!);

    private static TriggerInstance Instance(string id = "ti-1") =>
        new(id, "demo.event", null, JsonText.Parse("""{"kind": "alert", "room": "ops", "secret": "s3cr3t"}"""));

    [Fact]
    public void Process_MatchingRule_SucceededWithRenderedCastParametersAndMaskedSecret()
    {
        var result = Assert.Single(Engine(Rule("""{"channel": "#{{ trigger.room }}", "token": "{{ trigger.secret }}", "retries": "5"}""")).Process(Instance()));

        Assert.Equal(RuleEnforcementStatus.Succeeded, result.Enforcement.Status);
        Assert.Equal("""{"channel":"#ops","token":"********","retries":5,"sudo":false}""", JsonText.Serialize(result.Enforcement.Parameters));
        Assert.Equal(["token"], result.Enforcement.SecretParameters);
        Assert.Equal("s3cr3t", result.Parameters!.Values["token"]);
    }

    [Fact]
    public void Process_SameInstanceTwice_SameEnforcementId()
    {
        var engine = Engine(Rule("""{"channel": "c", "token": "t"}"""));

        var first = engine.Process(Instance()).Single().Enforcement.Id;
        var second = engine.Process(Instance()).Single().Enforcement.Id;
        var other = engine.Process(Instance("ti-2")).Single().Enforcement.Id;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(EnforcementIds.For("ti-1", "demo.notify"), first);
    }

    [Fact]
    public void NameBased_KnownVector_MatchesRfc4122Version5()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), EnforcementIds.NameBased(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
    }

    [Theory]
    [InlineData("""{"channel": "c"}""", "\"token\" is required")]
    [InlineData("""{"channel": "c", "token": "t", "colour": "red"}""", "\"colour\" is not a parameter of the action")]
    [InlineData("""{"channel": "c", "token": "t", "sudo": true}""", "\"sudo\" is immutable")]
    [InlineData("""{"channel": "c", "token": "t", "retries": "many"}""", "\"retries\" could not be cast to integer")]
    [InlineData("""{"channel": "{{ trigger.nothing }}", "token": "t"}""", "Failed to render parameter \"channel\"")]
    [InlineData("""{"channel": "{{ token }}", "token": "{{ channel }}"}""", "Cyclic dependency found in the following variables: channel -> token -> channel")]
    public void Process_BadParameters_FailedEnforcementWithReason(string parameters, string reason)
    {
        var result = Assert.Single(Engine(Rule(parameters)).Process(Instance()));

        Assert.Equal(RuleEnforcementStatus.Failed, result.Enforcement.Status);
        Assert.Contains(reason, result.Enforcement.FailureReason, StringComparison.Ordinal);
        Assert.Null(result.Parameters);
    }

    [Fact]
    public void Process_UnknownAction_FailedEnforcement()
    {
        var result = Assert.Single(Engine(Rule("{}", "demo.missing")).Process(Instance()));

        Assert.Equal("Action \"demo.missing\" doesn't exist", result.Enforcement.FailureReason);
    }

    [Fact]
    public void Process_CriteriaError_FailedEnforcementNamesRuleAndInstance()
    {
        var rule = CompiledRule.Create("demo.bad", true, RuleKind.Standard, "demo.event", null,
            JsonText.Parse("""{"trigger.room": {"type": "lessthan", "pattern": 3}}"""), "demo.post", null);

        var result = Assert.Single(Engine(rule).Process(Instance()));

        Assert.Equal(RuleEnforcementStatus.Failed, result.Enforcement.Status);
        Assert.StartsWith("Failed to match rule \"demo.bad\" against trigger instance \"ti-1\": ", result.Enforcement.FailureReason, StringComparison.Ordinal);
    }
}
