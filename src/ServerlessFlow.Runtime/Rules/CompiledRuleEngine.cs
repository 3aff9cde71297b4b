using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Runtime.Rules;

/// <summary>The packs' rules compiled into a matcher and enforcer, with the rules left out and why.</summary>
/// <param name="Engine">Matches trigger instances and renders the matching rules' action parameters.</param>
/// <param name="Problems">Rules left out because they could not be compiled, and criteria that can never pass ("rule ref: reason").</param>
public sealed record CompiledRuleEngine(RuleEngine Engine, IReadOnlyList<string> Problems)
{
    /// <summary>Compiles every rule of <paramref name="packs"/> (a rule that cannot be compiled is left out and reported);
    /// <c>config_context</c> in their parameters reads <paramref name="configs"/> (null: the schemas' defaults only).</summary>
    public static CompiledRuleEngine Compile(PackCatalog packs, TimeProvider time, PackConfigs? configs = null)
    {
        ArgumentNullException.ThrowIfNull(packs);
        ArgumentNullException.ThrowIfNull(time);
        return Compile(packs.Packs.SelectMany(p => p.Rules), packs, time, configs);
    }

    /// <summary>Compiles <paramref name="specs"/> (the rules in force); actions are looked up in <paramref name="packs"/>, and
    /// <c>config_context</c> in rule parameters reads <paramref name="configs"/> (null: the schemas' defaults only).</summary>
    public static CompiledRuleEngine Compile(IEnumerable<RuleSpec> specs, PackCatalog packs, TimeProvider time, PackConfigs? configs = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(packs);
        ArgumentNullException.ThrowIfNull(time);
        var templates = new JinjaRuleTemplateRenderer();
        var ruleSet = RuleSet.FromRules(specs);
        var engine = new RuleEngine(
            new RuleMatcher(ruleSet.BuildIndex(), new CriteriaEvaluator(time, templates)),
            new RuleEnforcer(new ActionParameterRenderer(templates), configs is null ? new PackRuleActionCatalog(packs) : new PackRuleActionCatalog(packs, pack => LoadConfig(configs, pack))));
        return new CompiledRuleEngine(engine, ruleSet.Problems);
    }

    private static IReadOnlyDictionary<string, object?> LoadConfig(PackConfigs configs, PackSpec pack)
    {
        try
        {
            return configs.Resolve(pack).Values;
        }
        catch (PackConfigException ex)
        {
            throw new ParameterException(ex.Message, ex);
        }
    }
}
