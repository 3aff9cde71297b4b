using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Jinja;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>golden/jinja/jinja_analysis.json: for every golden text, whether Orquesta's
/// JinjaEvaluator.validate finds it valid and which ctx variables its extract_vars reports.</summary>
public class JinjaAnalysisGoldenTests
{
    private static readonly JinjaLanguage Language = new(ExpressionFunctionRegistry.CreateDefault());

    private static readonly Lazy<List<Dictionary<string, object?>>> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Expressions", "golden", "jinja", "jinja_analysis.json");
        return ((List<object?>)JsonText.Parse(File.ReadAllText(path))!).Cast<Dictionary<string, object?>>().ToList();
    });

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Value.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Analyze_GoldenText_MatchesOrquestaInspection(int index)
    {
        var c = Cases.Value[index];
        var text = (string)c["text"]!;
        var analysis = Language.Analyze(text);
        Assert.True((bool)c["valid"]! == analysis.IsValid, $"{text}: expected valid={c["valid"]}, got errors [{string.Join("; ", analysis.Errors.Select(e => e.Message))}]");
        var expected = ((List<object?>)c["ctx_vars"]!).Cast<string>().ToList();
        Assert.Equal(expected, analysis.CtxVariables.Order(StringComparer.Ordinal).ToList());
        foreach (var error in analysis.Errors)
        {
            Assert.InRange(error.Position, 0, text.Length);
        }
    }
}
