using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>parameters.golden.json: action parameters as StackStorm's render_live_params renders and casts them.</summary>
public sealed class ParametersGoldenTests
{
    private static readonly Dictionary<string, object?> Golden = GoldenFiles.Load("parameters.golden.json");

    public static TheoryData<string> Cases() => GoldenFiles.CaseNames(Golden);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_GoldenCase_MatchesStackStorm(string name)
    {
        var c = GoldenFiles.Case(Golden, name);
        var schemas = ((Dictionary<string, object?>)c["schemas"]!).ToDictionary(
            kv => kv.Key, kv => (IReadOnlyDictionary<string, object?>)(Dictionary<string, object?>)kv.Value!, StringComparer.Ordinal);
        var kv = new DictionaryKeyValues(new() { ["system"] = new() { ["greeting"] = "hi" } });
        var context = new ParameterContext(Golden["payload"], (Dictionary<string, object?>)Golden["action_context"]!, (Dictionary<string, object?>)Golden["config"]!, kv);
        var renderer = new ActionParameterRenderer(new JinjaRuleTemplateRenderer());
        var expected = (Dictionary<string, object?>)c["expected"]!;

        if (expected.TryGetValue("error", out var error))
        {
            var ex = Assert.Throws<ParameterException>(() => renderer.Render((Dictionary<string, object?>)c["parameters"]!, schemas, context));
            if (((string)error!).Contains("Cyclic", StringComparison.Ordinal))
            {
                Assert.Contains("Cyclic dependency found in the following variables", ex.Message, StringComparison.Ordinal);
            }
        }
        else
        {
            var rendered = renderer.Render((Dictionary<string, object?>)c["parameters"]!, schemas, context);
            Assert.Equal(JsonText.Serialize(expected["parameters"]), JsonText.Serialize(rendered.Values));
        }
    }
}
