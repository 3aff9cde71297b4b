using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Jinja;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>Bad input never crashes: texts assembled from Jinja fragments (seeded, so every run is
/// the same) either evaluate or fail with an <see cref="ExpressionException"/>.</summary>
public class JinjaRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "{{", "}}", "{%", "%}", "{#", "#}", "{% if", "{% for x in", "{% endfor %}", "{% endif %}", "{% else %}", "{% set a =",
        "{% raw %}", "{% endraw %}", "{% macro m(a) %}", "{% endmacro %}", "m(1)", "x", "l", "d", "s", "n", "ctx()", "ctx('l')",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "~", "+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", ">=",
        " and ", " or ", " not ", " in ", " is ", " if ", " else ", "'str'", "\"q\"", "'", "1", "-1", "2.5", "0", "true",
        "none", "upper", "length", "join(',')", "map('string')", "select('odd')", "sort", "default(1)", "int", "tojson",
        "to_yaml_string", "regex_match('a+')", "version_compare('1.0.0')", "defined", "divisibleby 0", "loop.index",
        "range(3)", "dict(a=1)", "d.a", "l[0]", "l[1:]", "s.split()", "\n", " ", "-}}", "{{-", "x=", "%s",
    ];

    private static readonly string[] Operands =
    [
        "x", "l", "d", "s", "n", "1", "0", "-2", "2.5", "'a'", "true", "none", "[1, 'a']", "{'k': 1}", "(1, 2)", "l[5]", "d.zz",
        "ctx('l')", "ctx().d", "range(2)", "l|sum", "s|upper", "d|tojson", "l|map('string')|list", "s.split()", "d.items()",
        "n|default(3)", "'%s' % l", "l|join('-')", "s|regex_replace('a', 'b')", "l|to_yaml_string", "x is odd", "undefined_name",
    ];

    private static readonly string[] Operators = [" + ", " - ", " * ", " / ", " // ", " % ", " ** ", " ~ ", " == ", " < ", " and ", " or ", " in ", "|string ~ ", " if x else "];

    private static string Operand(Random random) => Operands[random.Next(Operands.Length)];

    private static string Operator(Random random) => Operators[random.Next(Operators.Length)];

    [Fact]
    public void Evaluate_RandomFragmentTexts_NeverCrash()
    {
        var language = new JinjaLanguage(ExpressionFunctionRegistry.CreateDefault(), ExpressionLimits.Default with { MaxIterations = 10_000, MaxOutputLength = 100_000 });
        var scope = new ExpressionScope(JsonText.Parse("""{"x": 1, "l": [1, 2, 3], "d": {"a": "b"}, "s": "a b", "n": null}"""));
        var random = new Random(20261124);
        for (var i = 0; i < 3000; i++)
        {
            var count = random.Next(1, 12);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => Fragments[random.Next(Fragments.Length)]));
            if (i % 2 == 0)
            {
                // Half the texts are one expression, so evaluation (not only parsing) gets exercised.
                text = "{{ " + string.Join(' ', Enumerable.Range(0, count).Select(_ => Operand(random) + Operator(random))) + Operand(random) + " }}";
            }

            try
            {
                _ = language.Evaluate(text, scope);
                _ = language.Render(text, scope);
            }
            catch (ExpressionException ex)
            {
                Assert.InRange(ex.Position, 0, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                // A .NET exception name in the message means a bug slipped through as a generic error.
                Assert.DoesNotMatch(@"(NullReference|InvalidCast|ArgumentOutOfRange|IndexOutOfRange|KeyNotFound|InvalidOperation|Format)Exception", ex.Message);
            }

            _ = language.Analyze(text);
        }
    }
}
