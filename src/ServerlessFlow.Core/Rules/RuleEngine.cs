using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Core.Rules;

/// <summary>One trigger instance in, its rule enforcements out: the matcher followed by the enforcer.</summary>
public sealed class RuleEngine
{
    private readonly RuleMatcher _matcher;
    private readonly RuleEnforcer _enforcer;

    /// <summary>Creates an engine from a matcher and an enforcer.</summary>
    public RuleEngine(RuleMatcher matcher, RuleEnforcer enforcer)
    {
        _matcher = matcher ?? throw new ArgumentNullException(nameof(matcher));
        _enforcer = enforcer ?? throw new ArgumentNullException(nameof(enforcer));
    }

    /// <summary>Evaluates an instance against every rule of its trigger; returns one enforcement per matched or failed rule.</summary>
    public IReadOnlyList<RuleEnforcementResult> Process(TriggerInstance instance, IKeyValueLookup? keyValues = null, CancellationToken budget = default)
    {
        var matches = _matcher.Match(instance, keyValues, budget);
        var results = new List<RuleEnforcementResult>(matches.Count);
        foreach (var match in matches)
        {
            results.Add(_enforcer.Enforce(instance, match, keyValues));
        }

        return results;
    }
}
