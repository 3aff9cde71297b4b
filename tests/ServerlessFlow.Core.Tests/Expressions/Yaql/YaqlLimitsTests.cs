using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Expressions.Yaql;

public sealed class YaqlLimitsTests
{
    private static readonly ExpressionLimits Tight = ExpressionLimits.Default with { RegexTimeout = TimeSpan.FromMilliseconds(50) };

    private static ExpressionException Fails(string text, object? data = null, ExpressionLimits? limits = null)
    {
        var engine = new ExpressionEngine(ExpressionFunctionRegistry.CreateDefault(), limits ?? Tight);
        return Assert.Throws<ExpressionException>(() => engine.Evaluate(text, new ExpressionScope(data ?? new Dictionary<string, object?>())));
    }

    [Theory]
    [InlineData("<% range(2000000) %>")]
    [InlineData("<% range(900000).select($).select($) %>")]
    [InlineData("<% generate(0, true, $ + 1) %>")]
    [InlineData("<% sequence() %>")]
    [InlineData("<% 1.repeat() %>")]
    [InlineData("<% range(1000).select(range(1000).select($)) %>")]
    public void Evaluate_MillionIterations_FailsWithLimitError(string text)
    {
        var ex = Fails(text);
        Assert.Equal(ExpressionErrorKind.Limit, ex.Kind);
    }

    [Fact]
    public void Evaluate_CatastrophicRegex_TimesOutWithLimitError()
    {
        var data = new Dictionary<string, object?> { ["s"] = new string('a', 40) + "!" };
        var ex = Fails("<% $.s =~ '^(a+)+$' %>", data);
        Assert.Equal(ExpressionErrorKind.Limit, ex.Kind);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<% 'x' * 100000000 %>")]
    [InlineData("<% [1, 2, 3] * 10000000 %>")]
    public void Evaluate_HugeOutput_FailsWithLimitError(string text)
    {
        var ex = Fails(text);
        Assert.Equal(ExpressionErrorKind.Limit, ex.Kind);
    }

    [Fact]
    public void Evaluate_DeeplyNestedParentheses_FailsWithLimitErrorNotStackOverflow()
    {
        var text = "<% " + new string('(', 10000) + "1" + new string(')', 10000) + " %>";
        var ex = Fails(text);
        Assert.Equal(ExpressionErrorKind.Limit, ex.Kind);
        Assert.Contains("nesting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_VeryLongOperatorChain_FailsWithLimitErrorNotStackOverflow()
    {
        var text = "<% 1" + string.Concat(Enumerable.Repeat(" + 1", 20000)) + " %>";
        var ex = Fails(text);
        Assert.Equal(ExpressionErrorKind.Limit, ex.Kind);
    }

    [Fact]
    public void Evaluate_StringThatWouldExpandToItself_StaysData()
    {
        // Orquesta evaluates string results again, so this never ends there; data is never code here.
        var data = new Dictionary<string, object?> { ["a"] = "<% ctx().a %>" };
        Assert.Equal("<% ctx().a %>", new ExpressionEngine().Evaluate("<% ctx().a %>", new ExpressionScope(data)));
    }

    [Fact]
    public void Evaluate_RandomFunction_IsRefusedBecauseWorkflowsReplay()
    {
        var ex = Fails("<% random() %>");
        Assert.Contains("deterministic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SmallIterationLimit_IsHonoured()
    {
        var limits = ExpressionLimits.Default with { MaxIterations = 10 };
        Assert.Equal(ExpressionErrorKind.Limit, Fails("<% range(11) %>", limits: limits).Kind);
        var engine = new ExpressionEngine(ExpressionFunctionRegistry.CreateDefault(), limits);
        Assert.Equal(10L, engine.Evaluate("<% range(10).len() %>", ExpressionScope.Empty));
    }
}
