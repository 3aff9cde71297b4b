using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Jinja;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

public class JinjaLanguageTests
{
    private static readonly JinjaLanguage Language = new(ExpressionFunctionRegistry.CreateDefault());

    private static ExpressionScope Scope(string json = "{}") => new(JsonText.Parse(json));

    private static ExpressionException Fails(string text, ExpressionScope? scope = null, JinjaLanguage? language = null) =>
        Assert.Throws<ExpressionException>(() => (language ?? Language).Evaluate(text, scope ?? Scope()));

    [Fact]
    public void Evaluate_WholeExpression_KeepsType()
    {
        var value = Language.Evaluate("{{ ctx('a') }}", Scope("""{"a": [1, {"b": 2.5}]}"""));
        Assert.Equal("""[1,{"b":2.5}]""", JsonText.Serialize(value));
    }

    [Fact]
    public void Evaluate_ExpressionInText_RendersPythonStr()
    {
        var value = Language.Evaluate("v={{ ctx().a }} t={{ true }} n={{ none }}", Scope("""{"a": {"k": "v"}}"""));
        Assert.Equal("v={'k': 'v'} t=True n=None", value);
    }

    [Fact]
    public void Evaluate_UndefinedAttribute_ErrorNamesItAndPosition()
    {
        var error = Fails("abc {{ d.x + 1 }}", Scope("""{"d": {}}"""));
        Assert.Equal(ExpressionErrorKind.Undefined, error.Kind);
        Assert.Contains("UndefinedError: 'dict object' has no attribute 'x'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Position); // at "d.x"
    }

    [Fact]
    public void Evaluate_SyntaxError_ReportsPosition()
    {
        var error = Fails("ok {% if %}x{% endif %}");
        Assert.Equal(ExpressionErrorKind.Syntax, error.Kind);
        Assert.Equal(9, error.Position);
    }

    [Fact]
    public void Evaluate_UnknownFilter_IsUnknownFunction()
    {
        var error = Fails("{{ 1 | nosuchfilter }}");
        Assert.Equal(ExpressionErrorKind.UnknownFunction, error.Kind);
        Assert.Contains("No filter named 'nosuchfilter'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownFilterInUntakenBranch_FailsAsJinjaCompiles()
    {
        var error = Fails("{% if false %}{{ 1 | nosuchfilter }}{% endif %}");
        Assert.Equal(ExpressionErrorKind.UnknownFunction, error.Kind);
        Assert.Equal(21, error.Position);
        Assert.True(Language.Analyze("{% if false %}{{ 1 | nosuchfilter }}{% endif %}").IsValid);
    }

    [Fact]
    public void Evaluate_MillionIterations_HitsLoopLimit()
    {
        var error = Fails("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Fact]
    public void Evaluate_HugeString_HitsOutputLimit()
    {
        var language = new JinjaLanguage(ExpressionFunctionRegistry.CreateDefault(), ExpressionLimits.Default with { MaxOutputLength = 1000 });
        Assert.Equal(ExpressionErrorKind.Limit, Fails("{{ 'x' * 100000000 }}", language: language).Kind);
        Assert.Equal(ExpressionErrorKind.Limit, Fails("{% for i in range(500) %}abc{% endfor %}", language: language).Kind);
        Assert.Equal(ExpressionErrorKind.Limit, Fails("{{ ('x' * 600) ~ ('y' * 600) }}", language: language).Kind);
    }

    [Fact]
    public void Evaluate_DeepNesting_HitsDepthLimitWithoutCrash()
    {
        var deep = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        Assert.Equal(ExpressionErrorKind.Limit, Fails(deep).Kind);
        var deepList = "{{ " + new string('[', 5000) + new string(']', 5000) + " }}";
        Assert.Equal(ExpressionErrorKind.Limit, Fails(deepList).Kind);
    }

    [Fact]
    public void Evaluate_SelfReferencingResult_StaysData()
    {
        // Orquesta evaluates string results again (a variable holding itself never ends); data is never code here.
        Assert.Equal("{{ ctx('a') }}", Language.Evaluate("{{ ctx('a') }}", Scope("""{"a": "{{ ctx('a') }}"}""")));
    }

    [Fact]
    public void Evaluate_EndlessMacroRecursion_HitsDepthLimit()
    {
        var error = Fails("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}");
        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Fact]
    public void Evaluate_CatastrophicRegex_TimesOut()
    {
        var language = new JinjaLanguage(ExpressionFunctionRegistry.CreateDefault(), ExpressionLimits.Default with { RegexTimeout = TimeSpan.FromMilliseconds(50) });
        var error = Fails("{{ ctx('s') | regex_match('(a+)+$') }}", Scope("{\"s\": \"" + new string('a', 40) + "!\"}"), language);
        Assert.Equal(ExpressionErrorKind.Limit, error.Kind);
    }

    [Theory]
    [InlineData("{{ s.GetType() }}")]
    [InlineData("{{ s.Length }}")]
    [InlineData("{{ l.Count }}")]
    [InlineData("{{ d.Keys }}")]
    [InlineData("{{ s.__class__ }}")]
    [InlineData("{{ l.ToString() }}")]
    [InlineData("{{ range.__globals__ }}")]
    public void Evaluate_DotNetMember_IsNeverReachable(string text)
    {
        var error = Fails(text, Scope("""{"s": "abc", "l": [1], "d": {"a": 1}}"""));
        Assert.NotEqual(ExpressionErrorKind.Syntax, error.Kind);
    }

    [Fact]
    public void Render_St2KeyValueLookups_ReadStoreAndDecrypt()
    {
        var store = new FakeKeyValueLookup((Dictionary<string, object?>)JsonText.Parse(
            """{"system": {"host": "h1", "secret": "ENC"}, "user": {"name": "u"}, "decrypted": {"system.secret": "plain"}}""")!);
        var scope = new ExpressionScope(new Dictionary<string, object?>()) { KeyValues = store };
        Assert.Equal("h1/u/plain/[]", Language.Render("{{ st2kv.system.host }}/{{ st2kv.user.name }}/{{ st2kv.system.secret | decrypt_kv }}/[{{ st2kv.system.nope }}]", scope));
    }

    [Fact]
    public void Render_PlainStringToDecryptKv_IsClearError()
    {
        var error = Assert.Throws<ExpressionException>(() => Language.Render("{{ 'ciphertext' | decrypt_kv }}", Scope()));
        Assert.Contains("decrypt_kv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TrimAndLstripBlocks_AsSt2Configures()
    {
        var text = "items:\n  {% for x in l %}\n  - {{ x }}\n  {% endfor %}\ndone\n";
        Assert.Equal("items:\n  - 1\n  - 2\ndone", Language.Render(text, Scope("""{"l": [1, 2]}""")));
    }

    [Fact]
    public void Analyze_CtxReferences_ListedInOrder()
    {
        var analysis = Language.Analyze("{{ ctx('a') }} {{ ctx().b.c }} {{ ctx(\"d\") }} {{ ctx('a') }} {% if ctx().e %}{% endif %}");
        Assert.True(analysis.IsValid);
        // As Orquesta's extract_vars: only {{ }} is scanned, {% %} is not.
        Assert.Equal(["a", "b", "d"], analysis.CtxVariables);
    }

    [Fact]
    public void Analyze_BadExpression_ErrorWithPosition()
    {
        var analysis = Language.Analyze("x {{ 1 + }}");
        var error = Assert.Single(analysis.Errors);
        Assert.Equal(ExpressionErrorKind.Syntax, error.Kind);
        Assert.InRange(error.Position, 2, 10);
    }

    [Fact]
    public void ContainsExpression_DelimitersOnOneLine_Detected()
    {
        Assert.True(Language.ContainsExpression("a {{ b }}"));
        Assert.True(Language.ContainsExpression("{% if x %}"));
        Assert.False(Language.ContainsExpression("<% $.x %>"));
        Assert.False(Language.ContainsExpression("{{\n}}"));
    }

    [Fact]
    public void Evaluate_SameTextTwice_UsesCachedParseAndSameResult()
    {
        var scope = Scope("""{"a": 2}""");
        Assert.Equal(4L, Language.Evaluate("{{ ctx('a') * 2 }}", scope));
        Assert.Equal(4L, Language.Evaluate("{{ ctx('a') * 2 }}", scope));
    }

    [Fact]
    public void Evaluate_IntegerOverflow_IsClearError()
    {
        var error = Fails("{{ 9223372036854775807 + 1 }}");
        Assert.Contains("OverflowError", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WorkflowFunctions_ReadHost()
    {
        var variables = new Dictionary<string, object?> { ["x"] = 1L, ["__secret"] = 2L };
        var workflow = (Dictionary<string, object?>)JsonText.Parse("""{"current_task": {"status": "failed", "result": {"code": 3}}}""")!;
        var scope = new ExpressionScope(null) { Workflow = new FakeWorkflowHost(variables, workflow) };
        Assert.Equal(true, Language.Evaluate("{{ failed() and not succeeded() }}", scope));
        Assert.Equal(3L, Language.Evaluate("{{ result().code }}", scope));
        Assert.Equal("""{"x":1}""", JsonText.Serialize(Language.Evaluate("{{ ctx() }}", scope)));
    }

    [Fact]
    public void ExpressionEngine_JinjaText_EvaluatedByJinja()
    {
        var engine = new ExpressionEngine();
        Assert.Equal(6L, engine.Evaluate("{{ ctx('l') | sum }}", Scope("""{"l": [1, 2, 3]}""")));
    }
}
