using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;

namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>The rules of loaded packs compiled for matching, with a problem per rule that could not be compiled
/// (that rule is left out; the others still work).</summary>
/// <param name="Rules">Compiled rules, enabled or not.</param>
/// <param name="Problems">"rule ref: reason" for each rule left out, and criteria that will always fail (bad regex…).</param>
public sealed record RuleSet(IReadOnlyList<CompiledRule> Rules, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Compiles every rule of every pack in <paramref name="catalog"/>. <paramref name="criteriaSource"/>
    /// (see <see cref="CriteriaFrom"/>) gives a rule's criteria mapping as written, which keeps a search's
    /// <c>condition</c> and and/or/not groups; without it the criteria are rebuilt from <see cref="RuleSpec.Criteria"/>.
    /// </summary>
    public static RuleSet FromCatalog(PackCatalog catalog, TimeSpan? regexTimeout = null, Func<RuleSpec, object?>? criteriaSource = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rules = new List<CompiledRule>();
        var problems = new List<string>();
        foreach (var spec in catalog.Packs.SelectMany(p => p.Rules))
        {
            try
            {
                var rule = CompiledRule.FromSpec(spec, criteriaSource?.Invoke(spec), regexTimeout);
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

    /// <summary>Reads rules' criteria as written from the pack sources they were loaded from (keyed by pack ref).</summary>
    public static Func<RuleSpec, object?> CriteriaFrom(IReadOnlyDictionary<string, IPackSource> sourcesByPack)
    {
        ArgumentNullException.ThrowIfNull(sourcesByPack);
        return spec =>
        {
            if (!sourcesByPack.TryGetValue(spec.Pack, out var source) || !source.TryReadText(spec.MetadataFile, out var text, out _))
            {
                return null;
            }

            var read = Values.YamlValueReader.Read(text);
            return !read.HasErrors && read.Value is Dictionary<string, object?> root ? root.GetValueOrDefault("criteria") : null;
        };
    }

    /// <summary>An index of the enabled rules.</summary>
    public RuleIndex BuildIndex() => RuleIndex.Build(Rules);
}
