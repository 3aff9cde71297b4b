using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>matcher.golden.json: which rules StackStorm's RulesMatcher returns (standard, backstop, disabled, failing).</summary>
public sealed class MatcherGoldenTests
{
    private static readonly Dictionary<string, object?> Golden = GoldenFiles.Load("matcher.golden.json");

    public static TheoryData<string> Cases() => GoldenFiles.CaseNames(Golden);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Match_GoldenCase_ReturnsStackStormsRules(string name)
    {
        var rules = ((List<object?>)Golden["rules"]!).Cast<Dictionary<string, object?>>().Select(r => CompiledRule.Create(
            (string)r["ref"]!, (bool)r["enabled"]!, (string)r["type"]! == "backstop" ? RuleKind.Backstop : RuleKind.Standard,
            "core.st2.generic.actiontrigger", null, r["criteria"], "core.noop", null));
        var matcher = new RuleMatcher(RuleIndex.Build(rules), new CriteriaEvaluator(TimeProvider.System));
        var c = GoldenFiles.Case(Golden, name);
        var expected = (Dictionary<string, object?>)c["expected"]!;

        var results = matcher.Match(new TriggerInstance("i-1", "core.st2.generic.actiontrigger", null, c["payload"]));

        Assert.Equal(((List<object?>)expected["matched"]!).Cast<string>(), results.Where(r => r.Matched).Select(r => r.Rule.Ref));
        Assert.Equal(((List<object?>)expected["failed"]!).Cast<string>(), results.Where(r => r.Error is not null).Select(r => r.Rule.Ref).Order(StringComparer.Ordinal));
    }
}
