using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Security;

/// <summary>Issue #12, finding 5: no expression can take the process down. Long chains, deep values and memory bombs end in a
/// limit error (Jinja bounded like YAQL: depth, iterations, output, memory per evaluation), never a stack overflow or a hang.</summary>
public sealed class ExpressionBoundsTests
{
    private static readonly ExpressionEngine Engine = new();

    public static TheoryData<string> Chains()
    {
        var data = new TheoryData<string>();
        foreach (var (open, close) in new[] { ("{{ ", " }}"), ("<% ", " %>") })
        {
            data.Add(open + string.Join("+", Enumerable.Repeat("1", 60_000)) + close);
            data.Add(open + "x" + string.Concat(Enumerable.Repeat(".a", 60_000)) + close);
            data.Add(open + string.Concat(Enumerable.Repeat("-", 60_000)) + "1" + close);
            data.Add(open + new string('(', 20_000) + "1" + new string(')', 20_000) + close);
            data.Add(open + new string('[', 20_000) + new string(']', 20_000) + close);
        }

        data.Add("{{ 1" + string.Concat(Enumerable.Repeat(" | abs", 20_000)) + " }}");
        data.Add("{{ 1" + string.Concat(Enumerable.Repeat(" if 1 else 2", 20_000)) + " }}");
        data.Add("{{ " + string.Join(" ~ ", Enumerable.Repeat("'a'", 30_000)) + " }}");
        data.Add("{{ " + string.Join(" and ", Enumerable.Repeat("1", 30_000)) + " }}");
        data.Add("{{ not " + string.Concat(Enumerable.Repeat("not ", 30_000)) + "1 }}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Evaluate_ChainOfSixtyThousandTerms_FailsWithLimitError(string text)
    {
        var error = Assert.Throws<ExpressionException>(() => Engine.Evaluate(text, Scope()));

        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Fact]
    public void Evaluate_ChainWithinDepthLimit_StillEvaluates()
    {
        Assert.Equal(200L, Engine.Evaluate("{{ " + string.Join("+", Enumerable.Repeat("1", 200)) + " }}", Scope()));
        Assert.Equal(200L, Engine.Evaluate("<% " + string.Join("+", Enumerable.Repeat("1", 200)) + " %>", Scope()));
    }

    [Theory]
    [InlineData("<% range(100000).aggregate([$1], []) %>")]
    [InlineData("<% range(100000).aggregate({a => $1}, {}) %>")]
    [InlineData("<% range(1000).aggregate([$1], []) %>")]
    [InlineData("{% set ns = namespace(v=[]) %}{% for i in range(100000) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v == ns.v }}")]
    [InlineData("{% set ns = namespace(v=[]) %}{% for i in range(100000) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v | tojson }}")]
    public void Evaluate_ValueBuiltThousandsOfLevelsDeep_FailsWithLimitError(string text)
    {
        var error = Assert.Throws<ExpressionException>(() => Engine.Evaluate(text, Scope()));

        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Theory]
    [InlineData("{{ ('x' * 16000000) | list | length }}")]
    [InlineData("<% ('x' * 16000000).toCharArray().len() %>")]
    [InlineData("{{ range(100000) | map('string') | join(',' * 1000) | length }}")]
    [InlineData("{{ range(100000) | map('string') | map('center', 1000) | list | length }}")]
    [InlineData("{{ ('x' * 1000000) | replace('x', 'y' * 1000) | length }}")]
    [InlineData("{{ 'x' | center(100000000) | length }}")]
    [InlineData("<% '{0:>100000000}'.format('x') %>")]
    [InlineData("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}")]
    public void Evaluate_MemoryBomb_FailsWithLimitError(string text)
    {
        var error = Assert.Throws<ExpressionException>(() => Engine.Evaluate(text, Scope()));

        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Fact]
    public void Evaluate_AllocationBudget_BoundsWhateverAllocates()
    {
        var engine = new ExpressionEngine(ExpressionFunctionRegistry.CreateDefault(), ExpressionLimits.Default with { MaxAllocatedBytes = 8L * 1024 * 1024 });

        var error = Assert.Throws<ExpressionException>(() => engine.Evaluate("{{ range(100000) | map('string') | list | length }}", Scope()));

        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
        Assert.Contains("MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal(3L, engine.Evaluate("{{ range(3) | list | length }}", Scope()));
    }

    [Fact]
    public void Evaluate_WordWrapOfLongWord_IsLinear()
    {
        Assert.Equal(1_999_999L, Engine.Evaluate("{{ ('x' * 1000000) | wordwrap(1) | length }}", Scope()));
        Assert.Equal(ExpressionErrorKind.Evaluation, Assert.Throws<ExpressionException>(() => Engine.Evaluate("{{ 'abc' | wordwrap(0) }}", Scope())).Kind);
    }

    [Fact]
    public void Evaluate_ResultDeeperThanDepthLimit_IsRefused()
    {
        var deep = JsonText.Parse(new string('[', 300) + new string(']', 300));

        var error = Assert.Throws<ExpressionException>(() => Engine.Evaluate("<% ctx().deep %>", Scope(deep)));

        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
        Assert.Contains("deeper than 256", error.Message, StringComparison.Ordinal);
    }

    private static ExpressionScope Scope(object? deep = null) =>
        new(new Dictionary<string, object?> { ["x"] = new Dictionary<string, object?>(), ["deep"] = deep });
}
