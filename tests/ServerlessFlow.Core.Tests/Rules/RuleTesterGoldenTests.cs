using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Testing;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>tester.golden.json: the six rules of shared/st2-packs/examples against instances written for
/// them, expected values from StackStorm's rule tester logic (RuleFilter + render_live_params).</summary>
public sealed class RuleTesterGoldenTests
{
    private static readonly Dictionary<string, object?> Golden = GoldenFiles.Load("tester.golden.json");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ((List<object?>)Golden["cases"]!).Cast<Dictionary<string, object?>>())
        {
            data.Add((string)c["rule"]!, (string)c["instance"]!);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Test_ExampleRule_MatchesStackStormsRuleTester(string ruleFile, string instanceFile)
    {
        var c = ((List<object?>)Golden["cases"]!).Cast<Dictionary<string, object?>>()
            .Single(x => (string)x["rule"]! == ruleFile && (string)x["instance"]! == instanceFile);
        var expected = (Dictionary<string, object?>)c["expected"]!;
        var ruleYaml = YamlValueReader.Read(File.ReadAllText(Path.Combine(RepositoryPaths.St2Examples, "rules", ruleFile)));
        Assert.False(ruleYaml.HasErrors);
        var rule = CompiledRule.FromDocument(ruleYaml.Value);
        var instance = TriggerInstanceDocument.Parse(JsonText.Parse(File.ReadAllText(GoldenFiles.PathOf(Path.Combine("instances", "examples", instanceFile)))));
        var tester = new RuleTester(new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)), new JinjaRuleTemplateRenderer());

        var report = tester.Test(rule, instance);

        Assert.Equal((bool)expected["matched"]!, report.Matched);
        Assert.Empty(report.PayloadProblems);
        if (report.Matched)
        {
            Assert.Equal(JsonText.Serialize(expected["parameters"]), JsonText.Serialize(report.Parameters));
        }
    }
}
