using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Criteria;

namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>
/// Finds the rules a trigger instance fires (StackStorm's RulesMatcher): the standard rules of its
/// trigger whose criteria hold, then, only when none matched, the backstop rules whose criteria hold.
/// Rules whose evaluation failed are returned too (not matched, with the error), so that a failed
/// enforcement can be recorded.
/// </summary>
public sealed class RuleMatcher
{
    private readonly RuleIndex _index;
    private readonly CriteriaEvaluator _evaluator;

    /// <summary>Creates a matcher over an index.</summary>
    public RuleMatcher(RuleIndex index, CriteriaEvaluator evaluator)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
    }

    /// <summary>Evaluates an instance; throws <see cref="TriggerInstanceException"/> when the payload is too deep to evaluate safely,
    /// or when <paramref name="budget"/> ends before every rule was evaluated (the host's time budget per event, so that one slow
    /// event cannot hold rule evaluation).</summary>
    public IReadOnlyList<RuleMatch> Match(TriggerInstance instance, IKeyValueLookup? keyValues = null, CancellationToken budget = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var buckets = _index.BucketsFor(instance);
        if (buckets.Count == 0)
        {
            return [];
        }

        PayloadChecks.EnsureDepth(instance.Payload, instance.Id);
        List<RuleMatch>? results = null;
        var anyStandardMatched = false;
        foreach (var bucket in buckets)
        {
            foreach (var rule in bucket.Standard)
            {
                CheckBudget(instance, budget);
                var outcome = _evaluator.Evaluate(rule.Criteria, instance.Payload, keyValues);
                if (outcome.Matched || outcome.Error is not null)
                {
                    (results ??= []).Add(new RuleMatch(rule, outcome.Matched, outcome.Error));
                    anyStandardMatched |= outcome.Matched;
                }
            }
        }

        if (!anyStandardMatched)
        {
            foreach (var bucket in buckets)
            {
                foreach (var rule in bucket.Backstop)
                {
                    CheckBudget(instance, budget);
                    var outcome = _evaluator.Evaluate(rule.Criteria, instance.Payload, keyValues);
                    if (outcome.Matched || outcome.Error is not null)
                    {
                        (results ??= []).Add(new RuleMatch(rule, outcome.Matched, outcome.Error));
                    }
                }
            }
        }

        return (IReadOnlyList<RuleMatch>?)results ?? [];
    }

    private static void CheckBudget(TriggerInstance instance, CancellationToken budget)
    {
        if (budget.IsCancellationRequested)
        {
            throw new TriggerInstanceException($"trigger instance {instance.Id}: rule evaluation ran out of its time budget before every rule was evaluated; the instance is failed rather than holding rule evaluation");
        }
    }
}
