namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>
/// Enabled rules grouped by trigger type and trigger parameters, standard rules apart from backstop
/// rules, so that an event only costs the rules listening to its trigger. Immutable: build a new
/// index when rules change.
/// </summary>
public sealed class RuleIndex
{
    private static readonly RuleBucket[] NoBuckets = [];
    private readonly Dictionary<string, RuleBucket> _byKey;
    private readonly Dictionary<string, RuleBucket[]> _byType;

    private RuleIndex(Dictionary<string, RuleBucket> byKey, Dictionary<string, RuleBucket[]> byType, int count)
    {
        _byKey = byKey;
        _byType = byType;
        Count = count;
    }

    /// <summary>How many enabled rules the index holds.</summary>
    public int Count { get; }

    /// <summary>Builds an index; disabled rules are left out (they never fire). Rule order is kept within a bucket.</summary>
    public static RuleIndex Build(IEnumerable<CompiledRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var standard = new Dictionary<string, List<CompiledRule>>(StringComparer.Ordinal);
        var backstop = new Dictionary<string, List<CompiledRule>>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var rule in rules)
        {
            if (!rule.Enabled)
            {
                continue;
            }

            count++;
            var target = rule.Kind == RuleKind.Backstop ? backstop : standard;
            if (!target.TryGetValue(rule.TriggerKey, out var list))
            {
                target[rule.TriggerKey] = list = [];
            }

            list.Add(rule);
            types[rule.TriggerKey] = rule.TriggerType;
        }

        var byKey = new Dictionary<string, RuleBucket>(StringComparer.Ordinal);
        foreach (var (key, type) in types)
        {
            byKey[key] = new RuleBucket(type, standard.GetValueOrDefault(key)?.ToArray() ?? [], backstop.GetValueOrDefault(key)?.ToArray() ?? []);
        }

        var byType = byKey.Values.GroupBy(b => b.TriggerType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new RuleIndex(byKey, byType, count);
    }

    /// <summary>The buckets of rules an instance is evaluated against: the one for its trigger type and
    /// parameters, or, when the instance carries no parameters, every bucket of its trigger type.</summary>
    public IReadOnlyList<RuleBucket> BucketsFor(TriggerInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.TriggerParameters is null)
        {
            return _byType.GetValueOrDefault(instance.TriggerType) ?? NoBuckets;
        }

        var key = CompiledRule.TriggerKeyOf(instance.TriggerType, instance.TriggerParameters);
        return _byKey.TryGetValue(key, out var bucket) ? [bucket] : NoBuckets;
    }
}
