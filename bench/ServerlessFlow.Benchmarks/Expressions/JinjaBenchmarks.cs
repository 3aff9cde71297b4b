using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Benchmarks.Expressions;

/// <summary>Jinja evaluation with parsed templates cached: an Orquesta whole-string expression, a
/// typical st2 rule action-parameter template, and a small loop template.</summary>
[MemoryDiagnoser]
public class JinjaBenchmarks
{
    private readonly ExpressionEngine _engine = new();
    private ExpressionScope _workflow = ExpressionScope.Empty;
    private ExpressionScope _rule = ExpressionScope.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _workflow = new ExpressionScope(JsonText.Parse("""{"a": 41, "hosts": ["web1", "web2"]}"""));
        _rule = new ExpressionScope(JsonText.Parse("""
            {"trigger": {"body": {"repository": {"name": "st2", "owner": "StackStorm"}, "ref": "refs/heads/main",
             "commits": [{"id": "abc"}, {"id": "def"}], "pusher": {"name": "stanley"}}}}
            """));
        _ = Evaluate();
        _ = RuleParameter();
        _ = LoopTemplate();
    }

    [Benchmark]
    public object? Evaluate() => _engine.Evaluate("{{ ctx('a') + 1 }}", _workflow);

    // st2 renders rule action parameters as one template to text (render_values).
    [Benchmark]
    public object? RuleParameter() => _engine.RenderJinja(
        "Push to {{ trigger.body.repository.owner }}/{{ trigger.body.repository.name | upper }} by {{ trigger.body.pusher.name }} ({{ trigger.body.commits | length }} commits on {{ trigger.body.ref | replace('refs/heads/', '') }})",
        _rule);

    [Benchmark]
    public object? LoopTemplate() => _engine.Evaluate(
        "{% for h in ctx('hosts') %}{{ loop.index }}:{{ h }}{% if not loop.last %},{% endif %}{% endfor %}",
        _workflow);
}
