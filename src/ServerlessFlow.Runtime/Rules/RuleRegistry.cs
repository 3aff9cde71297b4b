using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Rules;

/// <summary>
/// The rules in force: the loaded packs' rules, changed at run time through the API (<c>st2 rule enable|disable|create|
/// delete</c>). Each change swaps in a new immutable snapshot, so rule evaluation reads one consistent set without locking.
/// Changes live in this process only: a restart goes back to the packs' files, as a pack reload does in StackStorm.
/// </summary>
public sealed class RuleRegistry
{
    private readonly Lock gate = new();
    private Snapshot current;

    private readonly TimeProvider time;
    private readonly PackConfigs? configs;
    private PackCatalog catalog;

    /// <summary>Starts from the rules of <paramref name="catalog"/>; <paramref name="time"/> is the clock criteria read, and
    /// <c>config_context</c> in rule parameters reads <paramref name="configs"/> (null: the schemas' defaults only).</summary>
    public RuleRegistry(PackCatalog catalog, TimeProvider time, PackConfigs? configs = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(time);
        this.catalog = catalog;
        this.time = time;
        this.configs = configs;
        current = NewSnapshot(0, catalog.Packs.SelectMany(p => p.Rules));
    }

    /// <summary>The rules in force compiled for evaluation (once per change).</summary>
    public CompiledRuleEngine Compiled => Volatile.Read(ref current).Compiled.Value;

    /// <summary>Bumped by every change; rule evaluation rebuilds its index when it moves.</summary>
    public long Version => Volatile.Read(ref current).Version;

    /// <summary>Every rule, enabled or not, by ref.</summary>
    public IReadOnlyList<RuleSpec> Rules => Volatile.Read(ref current).Rules;

    /// <summary>The webhook urls the enabled rules in force listen on (computed once per change).</summary>
    public WebhookRegistry Webhooks => Volatile.Read(ref current).Webhooks.Value;

    /// <summary>The rule with this ref, if any.</summary>
    public RuleSpec? Find(string ruleRef) => Rules.FirstOrDefault(r => string.Equals(r.Ref, ruleRef, StringComparison.Ordinal));

    /// <summary>Adds a rule; false when one with its ref exists already.</summary>
    public bool TryAdd(RuleSpec rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (gate)
        {
            if (Find(rule.Ref) is not null)
            {
                return false;
            }

            Swap([.. current.Rules, rule]);
            return true;
        }
    }

    /// <summary>Replaces the rule with <paramref name="rule"/>'s ref; false when there is none.</summary>
    public bool TryReplace(RuleSpec rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (gate)
        {
            if (Find(rule.Ref) is null)
            {
                return false;
            }

            Swap([.. current.Rules.Where(r => r.Ref != rule.Ref), rule]);
            return true;
        }
    }

    /// <summary>Goes over to the rules of <paramref name="packs"/> (a pack install, removal or reload): as StackStorm's
    /// <c>st2 pack register</c> does, the packs' rule files replace the rules in force, changes made through the API included.</summary>
    public void Reload(PackCatalog packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        lock (gate)
        {
            catalog = packs;
            Swap([.. packs.Packs.SelectMany(p => p.Rules)]);
        }
    }

    /// <summary>Removes the rule; false when there is none.</summary>
    public bool TryRemove(string ruleRef)
    {
        lock (gate)
        {
            if (Find(ruleRef) is null)
            {
                return false;
            }

            Swap([.. current.Rules.Where(r => r.Ref != ruleRef)]);
            return true;
        }
    }

    private void Swap(List<RuleSpec> rules) => Volatile.Write(ref current, NewSnapshot(current.Version + 1, rules));

    private Snapshot NewSnapshot(long version, IEnumerable<RuleSpec> rules)
    {
        var packs = catalog;
        var sorted = rules.OrderBy(r => r.Ref, StringComparer.Ordinal).ToList();
        return new Snapshot(
            version,
            sorted,
            new Lazy<CompiledRuleEngine>(() => CompiledRuleEngine.Compile(sorted, packs, time, configs)),
            new Lazy<WebhookRegistry>(() => WebhookRegistry.FromRules(RuleSet.FromRules(sorted).Rules)));
    }

    private sealed record Snapshot(long Version, IReadOnlyList<RuleSpec> Rules, Lazy<CompiledRuleEngine> Compiled, Lazy<WebhookRegistry> Webhooks);
}
