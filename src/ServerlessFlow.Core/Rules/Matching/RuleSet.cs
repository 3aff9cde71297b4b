using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;

namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>The rules of loaded packs compiled for matching, with a problem per rule that could not be compiled
/// (that rule is left out; the others still work).</summary>
/// <param name="Rules">Compiled rules, enabled or not.</param>
/// <param name="Problems">"rule ref: reason" for each rule left out, and criteria that will always fail (bad regex…).</param>
public sealed record RuleSet(IReadOnlyList<CompiledRule> Rules, IReadOnlyList<string> Problems)
{
    /// <summary>Compiles every rule of every pack in <paramref name="catalog"/>, criteria groups and search conditions included.</summary>
    public static RuleSet FromCatalog(PackCatalog catalog, TimeSpan? regexTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FromRules(catalog.Packs.SelectMany(p => p.Rules), regexTimeout);
    }

    /// <summary>Compiles <paramref name="specs"/> (the rules in force, which may differ from the packs' files).</summary>
    public static RuleSet FromRules(IEnumerable<RuleSpec> specs, TimeSpan? regexTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var rules = new List<CompiledRule>();
        var problems = new List<string>();
        foreach (var spec in specs)
        {
            try
            {
                var rule = CompiledRule.FromSpec(spec, regexTimeout);
                rules.Add(rule);
                problems.AddRange(rule.Criteria.Problems().Select(p => $"{spec.Ref}: {p}"));
            }
            catch (CriteriaException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return new RuleSet(rules, problems);
    }

    /// <summary>An index of the enabled rules.</summary>
    public RuleIndex BuildIndex() => RuleIndex.Build(Rules);
}
