using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Expressions.Jinja;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>Every case of golden/jinja/jinja_cases.json: same value, or an error of the same Python
/// class with the same message, as real Jinja2 configured as Orquesta / StackStorm configure it.</summary>
public class JinjaGoldenTests
{
    private static readonly JinjaLanguage Language = new(ExpressionFunctionRegistry.CreateDefault());

    // Cases that fail for a reason outside the Jinja layer. Each is asserted to still differ, so
    // the entry must be removed (and the case then passes) once the gap is closed.
    private static readonly Dictionary<string, string> KnownGaps = new(StringComparer.Ordinal)
    {
    };

    // Data is never code (README, Security): Orquesta evaluates a string result again, so a value that holds "{{ … }}"
    // runs as an expression. These cases record that; here the value stays as it is. Each entry is our expected result.
    private static readonly Dictionary<string, object?> DataIsNeverCode = new(StringComparer.Ordinal)
    {
        ["evaluate-631"] = "{{ s }}",
        ["evaluate-862"] = "{{ 3 }}",
    };

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in JinjaGoldenCases.Cases.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Evaluate_GoldenCase_MatchesJinja2(string id)
    {
        if (KnownGaps.ContainsKey(id))
        {
            Assert.False(Matches(id), $"{id} now matches Jinja2: remove it from KnownGaps.");
            return;
        }

        var c = JinjaGoldenCases.Cases[id];
        var text = (string)c["text"]!;
        var scope = BuildScope(c);
        object? actual;
        ExpressionException? error = null;
        try
        {
            actual = (string)c["mode"]! == "render" ? Language.Render(text, scope) : Language.Evaluate(text, scope);
        }
        catch (ExpressionException ex)
        {
            actual = null;
            error = ex;
        }

        if (c.TryGetValue("error", out var expectedError))
        {
            var e = (Dictionary<string, object?>)expectedError!;
            Assert.True(error is not null, $"{id}: expected {e["type"]}: {e["message"]}, got {JsonText.Serialize(actual)}");
            var type = (string)e["type"]!;
            // Syntax errors and the JSON / YAML / regex parsers' own messages are worded by each parser: for
            // those the Python class must match; every other error must also carry Jinja's message.
            var expected = type is "TemplateSyntaxError" or "JSONDecodeError" or "ParserError" or "ScannerError" or "error"
                ? type + ": "
                : $"{type}: {e["message"]}";
            Assert.True(
                error!.Message.Contains(expected, StringComparison.Ordinal),
                $"{id}: expected error containing «{expected}», got «{error.Message}»");
            Assert.InRange(error.Position, 0, Math.Max(0, text.Length));
            return;
        }

        Assert.True(error is null, $"{id}: unexpected error {error?.Message}");
        var expectedJson = JsonText.Serialize(DataIsNeverCode.TryGetValue(id, out var ours) ? ours : c["expected"]);
        var actualJson = JsonText.Serialize(actual);
        Assert.True(expectedJson == actualJson, $"{id}: expected {expectedJson}, got {actualJson}");
    }

    private static bool Matches(string id)
    {
        var c = JinjaGoldenCases.Cases[id];
        try
        {
            var text = (string)c["text"]!;
            var actual = (string)c["mode"]! == "render" ? Language.Render(text, BuildScope(c)) : Language.Evaluate(text, BuildScope(c));
            return !c.ContainsKey("error") && JsonText.Serialize(c["expected"]) == JsonText.Serialize(actual);
        }
        catch (ExpressionException)
        {
            return c.ContainsKey("error");
        }
    }

    private static ExpressionScope BuildScope(Dictionary<string, object?> c)
    {
        var data = PlainValues.DeepClone(JinjaGoldenCases.Contexts[(string)c["context"]!]) as Dictionary<string, object?>
            ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        return new ExpressionScope(data)
        {
            Workflow = c.GetValueOrDefault("workflow") is Dictionary<string, object?> workflow ? new FakeWorkflowHost(data, workflow) : null,
            KeyValues = c.GetValueOrDefault("kv") is Dictionary<string, object?> kv ? new FakeKeyValueLookup(kv) : null,
        };
    }
}
