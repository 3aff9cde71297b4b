using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Benchmarks;

/// <summary>Evaluation cost of cached expressions: the YAQL workflow case and a typical st2 rule
/// parameter template (README targets: under 1 µs and under 15 µs).</summary>
[MemoryDiagnoser]
public class ExpressionsBenchmarks
{
    private readonly ExpressionEngine _engine = new();
    private ExpressionScope _workflowScope = ExpressionScope.Empty;
    private ExpressionScope _ruleScope = ExpressionScope.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _workflowScope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["a"] = 41L,
            ["name"] = "deploy",
            ["hosts"] = new List<object?> { "web-1", "web-2", "db-1" },
        });
        _ruleScope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["name"] = "build-42",
                    ["id"] = 42L,
                },
            },
        });

        // Warm the parse caches: the benchmarks measure cached evaluation.
        _engine.Evaluate("<% ctx().a + 1 %>", _workflowScope);
        _engine.Evaluate("<% ctx(hosts).where($.startsWith('web')).select($.toUpper()) %>", _workflowScope);
        _engine.RenderJinja("{{ trigger.body.name | upper }}-{{ trigger.body.id }}", _ruleScope);
        _engine.Evaluate("deploy <% ctx().name %> to <% ctx(hosts).len() %> hosts", _workflowScope);
    }

    /// <summary>The README's YAQL figure: a cached <c>&lt;% ctx().a + 1 %&gt;</c>.</summary>
    [Benchmark]
    public object? YaqlCtxPlusOne() => _engine.Evaluate("<% ctx().a + 1 %>", _workflowScope);

    /// <summary>A query with a lambda over a small list.</summary>
    [Benchmark]
    public object? YaqlWhereSelect() => _engine.Evaluate("<% ctx(hosts).where($.startsWith('web')).select($.toUpper()) %>", _workflowScope);

    /// <summary>YAQL expressions rendered into text.</summary>
    [Benchmark]
    public object? YaqlInterpolatedText() => _engine.Evaluate("deploy <% ctx().name %> to <% ctx(hosts).len() %> hosts", _workflowScope);

    /// <summary>The README's rule parameter figure: st2 renders the template to a string.</summary>
    [Benchmark]
    public object? JinjaRuleParameter() => _engine.RenderJinja("{{ trigger.body.name | upper }}-{{ trigger.body.id }}", _ruleScope);
}
