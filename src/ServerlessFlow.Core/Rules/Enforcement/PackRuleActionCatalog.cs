using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>The actions of loaded packs as the rule enforcer sees them: effective parameters (runner's
/// overlaid by the action's) and the pack configuration (the config schema's defaults, overlaid by any
/// configuration values given).</summary>
public sealed class PackRuleActionCatalog : IRuleActionCatalog
{
    private readonly PackCatalog _packs;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> _configs;
    private readonly Func<PackSpec, IReadOnlyDictionary<string, object?>>? _loadConfig;

    /// <summary>Creates a catalog over loaded packs; <paramref name="configs"/> maps pack ref to configuration values.</summary>
    public PackRuleActionCatalog(PackCatalog packs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>>? configs = null)
    {
        _packs = packs ?? throw new ArgumentNullException(nameof(packs));
        _configs = configs ?? new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
    }

    /// <summary>Creates a catalog whose pack configurations are read by <paramref name="loadConfig"/> when a rule's parameters
    /// need them (the host's configs, with <c>st2kv</c> values resolved); it throws
    /// <see cref="Parameters.ParameterException"/> for a configuration that is not valid.</summary>
    public PackRuleActionCatalog(PackCatalog packs, Func<PackSpec, IReadOnlyDictionary<string, object?>> loadConfig)
        : this(packs)
    {
        _loadConfig = loadConfig ?? throw new ArgumentNullException(nameof(loadConfig));
    }

    /// <inheritdoc />
    public bool TryGetAction(string actionRef, out RuleActionInfo action)
    {
        var spec = _packs.FindAction(actionRef);
        if (spec is null)
        {
            action = null!;
            return false;
        }

        var config = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_packs.FindPack(spec.Pack) is { } pack)
        {
            foreach (var (name, parameter) in pack.ConfigSchema)
            {
                if (parameter.HasDefault)
                {
                    config[name] = parameter.Default;
                }
            }
        }

        if (_configs.TryGetValue(spec.Pack, out var values))
        {
            foreach (var (name, value) in values)
            {
                config[name] = value;
            }
        }

        var configured = _packs.FindPack(spec.Pack);
        action = new RuleActionInfo(spec.Ref, spec.Pack,
            spec.EffectiveParameters.ToDictionary(kv => kv.Key, kv => kv.Value.Schema, StringComparer.Ordinal), config,
            _loadConfig is { } load && configured is not null ? () => load(configured) : null,
            configured?.ConfigSchema.Where(p => p.Value.Secret).Select(p => p.Key).ToList());
        return true;
    }
}
