using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Yaql;

public sealed class ExpressionEngineTests
{
    private static readonly ExpressionEngine Engine = new();

    private static ExpressionScope Scope() => new(new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["a"] = 1L,
        ["list"] = new List<object?> { 1L, "x", null, true },
        ["dict"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["k"] = 1.5 },
        ["__internal"] = "hidden",
    });

    [Theory]
    [InlineData("<% ctx().a %>", "1")]
    [InlineData("<% ctx(list) %>", "[1,\"x\",null,true]")]
    [InlineData("<% ctx().dict %>", "{\"k\":1.5}")]
    [InlineData("<% ctx().a = 1 %>", "true")]
    [InlineData("<% null %>", "null")]
    [InlineData("  <% 'padded' %>  ", "\"  padded  \"")]
    public void Evaluate_OneWholeExpression_KeepsTheValueType(string text, string json)
    {
        Assert.Equal(json, JsonText.Serialize(Engine.Evaluate(text, Scope())));
    }

    [Fact]
    public void Evaluate_TextAroundExpressions_RendersPythonStr()
    {
        var result = Engine.Evaluate("a=<% ctx().a %> list=<% ctx(list) %> dict=<% ctx(dict) %> none=<% null %>", Scope());
        Assert.Equal("a=1 list=[1, 'x', None, True] dict={'k': 1.5} none=None", result);
    }

    [Fact]
    public void Evaluate_TextWithoutExpressions_ReturnsTheTextUnchanged()
    {
        Assert.Equal("plain 100% text", Engine.Evaluate("plain 100% text", Scope()));
    }

    [Fact]
    public void Evaluate_CtxHidesInternalVariables()
    {
        var all = (Dictionary<string, object?>)Engine.Evaluate("<% ctx() %>", Scope())!;
        Assert.DoesNotContain("__internal", all.Keys);
        var ex = Assert.Throws<ExpressionException>(() => Engine.Evaluate("<% ctx('__internal') %>", Scope()));
        Assert.Contains("is for internal use and inaccessible", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UndefinedVariable_ReportsOrquestaMessageAndPosition()
    {
        var ex = Assert.Throws<ExpressionException>(() => Engine.Evaluate("x <% ctx(nope) %>", Scope()));
        Assert.Equal(ExpressionErrorKind.Undefined, ex.Kind);
        Assert.Equal("Unable to evaluate expression '<% ctx(nope) %>'. VariableUndefinedError: The variable \"nope\" is undefined.", ex.Message);
        Assert.Equal(5, ex.Position);
        Assert.Equal("x <% ctx(nope) %>", ex.Expression);
    }

    [Fact]
    public void Evaluate_TypeError_PointsAtTheOperator()
    {
        var ex = Assert.Throws<ExpressionException>(() => Engine.Evaluate("<% ctx().a + 'x' %>", Scope()));
        Assert.Equal(ExpressionErrorKind.Evaluation, ex.Kind);
        Assert.Contains("No function \"#operator_+\" matches supplied arguments", ex.Message, StringComparison.Ordinal);
        Assert.Equal(11, ex.Position);
    }

    [Fact]
    public void Evaluate_UnknownFunction_HasItsKind()
    {
        var ex = Assert.Throws<ExpressionException>(() => Engine.Evaluate("<% nope(1) %>", Scope()));
        Assert.Equal(ExpressionErrorKind.UnknownFunction, ex.Kind);
        Assert.Equal(3, ex.Position);
    }

    [Fact]
    public void Evaluate_SyntaxError_GivesYaqlMessageAndPosition()
    {
        var ex = Assert.Throws<ExpressionException>(() => Engine.Evaluate("<% 1 + + %>", Scope()));
        Assert.Equal(ExpressionErrorKind.Syntax, ex.Kind);
        Assert.Contains("Parse error: unexpected end of statement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WorkflowHost_IsWhatCtxReads()
    {
        var host = new GoldenWorkflowHost(new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = 5L });
        var scope = new ExpressionScope(null) { Workflow = host };
        Assert.Equal(6L, Engine.Evaluate("<% ctx().x + 1 %>", scope));
        Assert.Equal(6L, Engine.Evaluate("<% ctx(x) + 1 %>", scope));
    }

    [Fact]
    public void Evaluate_ManyThreads_SameResults()
    {
        var results = new long[64];
        Parallel.For(0, results.Length, i =>
        {
            var scope = new ExpressionScope(new Dictionary<string, object?> { ["n"] = (long)i });
            results[i] = (long)Engine.Evaluate("<% range(ctx().n + 1).sum() %>", scope)!;
        });
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal((long)i * (i + 1) / 2, results[i]);
        }
    }

    [Fact]
    public void RenderValue_NestedStructures_RendersEveryStringIncludingKeys()
    {
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["<% 'k' + str(ctx().a) %>"] = new List<object?> { "<% ctx().a + 1 %>", "plain", 3L },
            ["nested"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = "n=<% ctx().a %>" },
        };
        var rendered = Engine.RenderValue(value, Scope());
        Assert.Equal("{\"k1\":[2,\"plain\",3],\"nested\":{\"v\":\"n=1\"}}", JsonText.Serialize(rendered));
    }

    [Fact]
    public void EvaluateJinja_YaqlDelimiters_StayLiteral()
    {
        Assert.Equal("<% ctx().a %>", Engine.EvaluateJinja("<% ctx().a %>", Scope()));
    }

    [Fact]
    public void Evaluate_JinjaWholeExpression_KeepsTheValueType()
    {
        Assert.Equal(2L, Engine.Evaluate("{{ ctx().a + 1 }}", Scope()));
    }

    [Fact]
    public void Evaluate_YaqlAndJinjaInOneText_YaqlEvaluatesAndJinjaStaysText()
    {
        Assert.Equal("1 {{ 2 }}", Engine.Evaluate("<% ctx().a %> {{ 2 }}", Scope()));
    }

    [Fact]
    public void RenderJinja_RuleParameterTemplate_RendersAString()
    {
        var scope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "build", ["id"] = 42L },
            },
        });
        Assert.Equal("BUILD-42", Engine.RenderJinja("{{ trigger.body.name | upper }}-{{ trigger.body.id }}", scope));
        Assert.Equal("42", Engine.RenderJinja("{{ trigger.body.id }}", scope));
        Assert.Equal(42L, Engine.EvaluateJinja("{{ trigger.body.id }}", scope));
        var rendered = Engine.RenderJinjaValue(new List<object?> { "{{ trigger.body.id }}", 7L, "<% 1 %>" }, scope);
        Assert.Equal("[\"42\",7,\"<% 1 %>\"]", JsonText.Serialize(rendered));
    }

    [Fact]
    public void Analyze_MixedLanguages_IsAnError()
    {
        var analysis = Engine.Analyze("<% ctx().a %> {{ ctx().b }}");
        var error = Assert.Single(analysis.Errors);
        Assert.Equal("Expression with multiple types is not supported.", error.Message);
    }

    [Fact]
    public void Analyze_CtxReferences_ListedOnceInOrderOfAppearance()
    {
        var analysis = Engine.Analyze("<% ctx().b + ctx(a) %> and <% ctx('c').x + ctx(\"b\") + $.d %>");
        Assert.True(analysis.IsValid);
        Assert.Equal(["b", "a", "c"], analysis.CtxVariables);
    }

    [Fact]
    public void Analyze_SyntaxError_ReportsPositionInTheWholeText()
    {
        var analysis = Engine.Analyze("x <% 1 + %>");
        var error = Assert.Single(analysis.Errors);
        Assert.Equal(ExpressionErrorKind.Syntax, error.Kind);
        Assert.Equal(8, error.Position);
        Assert.Contains("unexpected end of statement", error.Message, StringComparison.Ordinal);
    }

    // The inspection errors of the Orquesta conformance corpus (yaql's own messages).
    [Theory]
    [InlineData("<% item(member), item(message) %>", "Parse error: unexpected ',' at position 12 of expression 'item(member), item(message)'", 15)]
    [InlineData("<% <% succeeded() %>", "Parse error: unexpected '<' at position 0 of expression '<% succeeded()'", 3)]
    public void Analyze_OrquestaCorpusSyntaxErrors_GiveYaqlMessages(string text, string message, int position)
    {
        var error = Assert.Single(Engine.Analyze(text).Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
        Assert.Equal(text, error.Expression);
    }

    [Fact]
    public void Analyze_UnparsableExpression_StillFindsCtxReferences()
    {
        var analysis = Engine.Analyze("<% ctx().x + ctx(y) + %>");
        Assert.False(analysis.IsValid);
        Assert.Equal(["x", "y"], analysis.CtxVariables);
    }

    [Fact]
    public void Analyze_WithItemsSyntax_FindsTheCtxVariable()
    {
        Assert.Equal(["xs"], Engine.Analyze("x in <% ctx(xs) %>").CtxVariables);
    }

    [Fact]
    public void Analyze_LexicalError_ReportsTheCharacter()
    {
        var analysis = Engine.Analyze("<% $.a # 1 %>");
        var error = Assert.Single(analysis.Errors);
        Assert.Equal("Lexical error: illegal character '#' at position 4", error.Message);
        Assert.Equal(7, error.Position);
    }

    [Fact]
    public void ContainsExpression_FindsYaqlOnlyOnOneLine()
    {
        Assert.True(Engine.ContainsExpression("a <% 1 %> b"));
        Assert.False(Engine.ContainsExpression("a <% 1\n %> b"));
        Assert.False(Engine.ContainsExpression("no expressions"));
    }
}
