using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Core.Tests.Rules;

public sealed class RuleMatcherTests
{
    private static readonly CriteriaEvaluator Evaluator = new(new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)));

    private static object? Json(string text) => JsonText.Parse(text);

    private static CompiledRule Rule(string reference, string triggerType, string? triggerParameters, string criteria, bool enabled = true) =>
        CompiledRule.Create(reference, enabled, RuleKind.Standard, triggerType,
            triggerParameters is null ? null : (Dictionary<string, object?>)Json(triggerParameters)!, Json(criteria), "core.noop", null);

    [Fact]
    public void Match_WebhookUrl_OnlyRulesOfThatUrlAreEvaluated()
    {
        var index = RuleIndex.Build([
            Rule("p.a", "core.st2.webhook", """{"url": "a"}""", "{}"),
            Rule("p.b", "core.st2.webhook", """{"url": "b"}""", "{}"),
        ]);
        var matcher = new RuleMatcher(index, Evaluator);

        var results = matcher.Match(new TriggerInstance("i", "core.st2.webhook", (Dictionary<string, object?>)Json("""{"url": "b"}""")!, Json("""{"body": {}}""")));

        Assert.Equal(["p.b"], results.Select(r => r.Rule.Ref));
    }

    [Fact]
    public void Match_ParametersInAnotherKeyOrder_SameTrigger()
    {
        var index = RuleIndex.Build([Rule("p.t", "core.st2.IntervalTimer", """{"unit": "seconds", "delta": 5}""", "{}")]);

        var results = new RuleMatcher(index, Evaluator).Match(
            new TriggerInstance("i", "core.st2.IntervalTimer", (Dictionary<string, object?>)Json("""{"delta": 5, "unit": "seconds"}""")!, Json("""{"executed_at": "x"}""")));

        Assert.Single(results);
    }

    [Fact]
    public void Match_OtherTriggerType_NoRules()
    {
        var index = RuleIndex.Build([Rule("p.a", "core.st2.webhook", null, "{}")]);

        Assert.Empty(new RuleMatcher(index, Evaluator).Match(new TriggerInstance("i", "core.st2.generic.inquiry", null, Json("""{"id": "x"}"""))));
    }

    [Fact]
    public void Match_DisabledRule_NeverFires()
    {
        var index = RuleIndex.Build([Rule("p.a", "t.t", null, "{}", enabled: false)]);

        Assert.Equal(0, index.Count);
        Assert.Empty(new RuleMatcher(index, Evaluator).Match(new TriggerInstance("i", "t.t", null, Json("""{"a": 1}"""))));
    }

    [Theory]
    [InlineData("error", true)]
    [InlineData("failed", true)]
    [InlineData("ok", false)]
    public void Evaluate_OrGroup_AnyMemberPasses(string status, bool expected)
    {
        var criteria = CompiledCriteria.Compile(Json("""
            {"or": [{"trigger.status": {"type": "equals", "pattern": "error"}},
                    {"trigger.status": {"type": "equals", "pattern": "failed"}}]}
            """), RuleLimits.DefaultRegexTimeout);

        Assert.Equal(expected, Evaluator.Evaluate(criteria, new Dictionary<string, object?> { ["status"] = status }).Matched);
    }

    [Theory]
    [InlineData("""{"status": "error", "user": "bot"}""", false)]
    [InlineData("""{"status": "error", "user": "alice"}""", true)]
    [InlineData("""{"status": "ok", "user": "alice"}""", false)]
    public void Evaluate_AndWithNot_CombinesLikeBooleans(string payload, bool expected)
    {
        var criteria = CompiledCriteria.Compile(Json("""
            {"and": [{"trigger.status": {"type": "equals", "pattern": "error"}}],
             "not": {"trigger.user": {"type": "equals", "pattern": "bot"}}}
            """), RuleLimits.DefaultRegexTimeout);

        Assert.Equal(expected, Evaluator.Evaluate(criteria, Json(payload)).Matched);
    }

    [Fact]
    public void Evaluate_NotAroundError_FailsWithReason()
    {
        var criteria = CompiledCriteria.Compile(Json("""{"not": {"trigger.n": {"type": "lessthan", "pattern": 3}}}"""), RuleLimits.DefaultRegexTimeout);

        var outcome = Evaluator.Evaluate(criteria, Json("""{"n": "text"}"""));

        Assert.False(outcome.Matched);
        Assert.Contains("'<' not supported between instances of 'str' and 'int'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_KeyNamedNotWithType_IsAPlainStackStormCriterion()
    {
        var criteria = CompiledCriteria.Compile(Json("""{"not": {"type": "nexists"}}"""), RuleLimits.DefaultRegexTimeout);

        Assert.IsType<CriterionNode>(Assert.Single(criteria.Nodes));
        Assert.True(Evaluator.Evaluate(criteria, Json("""{"a": 1}""")).Matched);
    }

    [Fact]
    public void Compile_UnknownOperator_ErrorNamesKeyAndOperator()
    {
        var ex = Assert.Throws<CriteriaException>(() =>
            CompiledCriteria.Compile(Json("""{"trigger.a": {"type": "similar", "pattern": 1}}"""), RuleLimits.DefaultRegexTimeout));

        Assert.Contains("trigger.a", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown operator \"similar\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_BadRegex_ReportedAsProblemAndFailsWithReason()
    {
        var criteria = CompiledCriteria.Compile(Json("""{"trigger.a": {"type": "regex", "pattern": "(unclosed"}}"""), RuleLimits.DefaultRegexTimeout);

        Assert.Single(criteria.Problems());
        var outcome = Evaluator.Evaluate(criteria, Json("""{"a": "x"}"""));
        Assert.False(outcome.Matched);
        Assert.Contains("invalid regular expression", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_BadKeyPath_ErrorNamesKey()
    {
        var ex = Assert.Throws<CriteriaException>(() =>
            CompiledCriteria.Compile(Json("""{"trigger.[": {"type": "exists"}}"""), RuleLimits.DefaultRegexTimeout));

        Assert.Contains("trigger.[", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CatastrophicRegex_FailsWithTimeoutReason()
    {
        var evaluator = new CriteriaEvaluator(TimeProvider.System, regexTimeout: TimeSpan.FromMilliseconds(50));
        var criteria = CompiledCriteria.Compile(Json("""{"trigger.a": {"type": "regex", "pattern": "^(a+)+$"}}"""), TimeSpan.FromMilliseconds(50));

        var outcome = evaluator.Evaluate(criteria, new Dictionary<string, object?> { ["a"] = new string('a', 5000) + "!" });

        Assert.False(outcome.Matched);
        Assert.Contains("catastrophic backtracking", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FiveMegabytePayload_Evaluates()
    {
        var big = new string('x', 5 * 1024 * 1024);
        var criteria = CompiledCriteria.Compile(Json("""{"trigger.body": {"type": "endswith", "pattern": "xy"}, "trigger.id": {"type": "equals", "pattern": 1}}"""), RuleLimits.DefaultRegexTimeout);

        var outcome = Evaluator.Evaluate(criteria, new Dictionary<string, object?> { ["body"] = big + "xy", ["id"] = 1L });

        Assert.True(outcome.Matched);
    }

    [Fact]
    public void Match_PayloadNestedTenThousandDeep_RejectedWithReason()
    {
        object? deep = "leaf";
        for (var i = 0; i < 10_000; i++)
        {
            deep = new Dictionary<string, object?> { ["a"] = deep };
        }

        var matcher = new RuleMatcher(RuleIndex.Build([Rule("p.a", "t.t", null, """{"trigger..leaf": {"type": "exists"}}""")]), Evaluator);

        var ex = Assert.Throws<TriggerInstanceException>(() => matcher.Match(new TriggerInstance("i-deep", "t.t", null, deep)));

        Assert.Contains("nested more than", ex.Message, StringComparison.Ordinal);
        Assert.Contains("i-deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Trace_ShowsEveryCriterionEvenAfterAFailure()
    {
        var criteria = CompiledCriteria.Compile(Json("""
            {"trigger.a": {"type": "equals", "pattern": 2}, "trigger.b": {"type": "equals", "pattern": "x"}}
            """), RuleLimits.DefaultRegexTimeout);

        var outcome = Evaluator.Evaluate(criteria, Json("""{"a": 1, "b": "x"}"""), trace: true);

        Assert.False(outcome.Matched);
        Assert.Collection(outcome.Trace,
            t => Assert.Equal(("trigger.a", 1L, 2L, false), (t.Key, t.Value, t.Pattern, t.Passed)),
            t => Assert.Equal(("trigger.b", "x", "x", true), (t.Key, t.Value, t.Pattern, t.Passed)));
    }

    [Fact]
    public void Evaluate_PatternTemplateThatLoopsForever_FailsWithReason()
    {
        var evaluator = new CriteriaEvaluator(TimeProvider.System, new JinjaRuleTemplateRenderer(ExpressionLimits.Default with { MaxIterations = 10_000 }));
        var criteria = CompiledCriteria.Compile(Json("""
            {"trigger.a": {"type": "equals", "pattern": "{% for i in range(100000000) %}{% for j in range(100000000) %}x{% endfor %}{% endfor %}"}}
            """), RuleLimits.DefaultRegexTimeout);

        var outcome = evaluator.Evaluate(criteria, Json("""{"a": "x"}"""));

        Assert.False(outcome.Matched);
        Assert.StartsWith("Failed to render pattern value", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PatternWithKeyValue_ReadsTheStore()
    {
        var evaluator = new CriteriaEvaluator(TimeProvider.System, new JinjaRuleTemplateRenderer());
        var criteria = CompiledCriteria.Compile(Json("""{"trigger.n": {"type": "greaterthan", "pattern": "{{ st2kv.system.limit | int }}"}}"""), RuleLimits.DefaultRegexTimeout);
        var kv = new DictionaryKeyValues(new() { ["system"] = new() { ["limit"] = "10" } });

        Assert.True(evaluator.Evaluate(criteria, Json("""{"n": 11}"""), kv).Matched);
        Assert.False(evaluator.Evaluate(criteria, Json("""{"n": 9}"""), kv).Matched);
    }
}
