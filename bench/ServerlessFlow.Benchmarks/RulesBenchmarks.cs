using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Benchmarks;

/// <summary>
/// Rule matching cost: one trigger instance against 1,000 rules (2 criteria each, 10 trigger types,
/// so 100 rules listen to the event's trigger) and against 10,000 rules (100 trigger types, still 100
/// on the event's trigger), and the raw cost of one simple criterion.
/// Run: dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- --filter '*RulesBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class RulesBenchmarks
{
    private RuleMatcher _matcher = null!;
    private CriteriaEvaluator _evaluator = null!;
    private TriggerInstance _event = null!;
    private CompiledCriteria _oneEquals = null!;
    private CompiledCriteria _oneRegex = null!;
    private Dictionary<string, object?> _payload = null!;

    /// <summary>Total rules; there are always 100 rules per trigger type, so more rules means more trigger types
    /// and the event's cost should not change.</summary>
    [Params(1000, 10000)]
    public int TotalRules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rules = new List<CompiledRule>();
        var triggerTypes = TotalRules / 100;
        for (var i = 0; i < TotalRules; i++)
        {
            var criteria = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["trigger.status"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "equals", ["pattern"] = $"status-{i % 7}" },
                ["trigger.body.count"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "greaterthan", ["pattern"] = (long)(i % 50) },
            };
            rules.Add(CompiledRule.Create($"bench.rule_{i}", true, RuleKind.Standard, $"bench.trigger_{i % triggerTypes}", null, criteria, "core.noop", null));
        }

        _evaluator = new CriteriaEvaluator(TimeProvider.System);
        _matcher = new RuleMatcher(RuleIndex.Build(rules), _evaluator);
        _payload = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = "status-3",
            ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["count"] = 25L, ["name"] = "bench" },
        };
        _event = new TriggerInstance("instance-1", "bench.trigger_3", null, _payload);
        _oneEquals = CompiledCriteria.Compile(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger.status"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "equals", ["pattern"] = "status-3" },
        }, RuleLimits.DefaultRegexTimeout);
        _oneRegex = CompiledCriteria.Compile(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger.body.name"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "regex", ["pattern"] = "^be.+h$" },
        }, RuleLimits.DefaultRegexTimeout);
    }

    /// <summary>One event against <see cref="TotalRules"/> rules (100 on its trigger).</summary>
    [Benchmark]
    public int OneEvent() => _matcher.Match(_event).Count;

    /// <summary>One equals criterion on a nested key.</summary>
    [Benchmark]
    public bool OneEqualsCriterion() => _evaluator.Evaluate(_oneEquals, _payload).Matched;

    /// <summary>One regex criterion (compiled once at load).</summary>
    [Benchmark]
    public bool OneRegexCriterion() => _evaluator.Evaluate(_oneRegex, _payload).Matched;
}
