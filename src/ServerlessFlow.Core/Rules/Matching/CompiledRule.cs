using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>A rule ready to evaluate: its trigger key, compiled criteria and action (parameters still templates).</summary>
public sealed class CompiledRule
{
    private CompiledRule(string reference, bool enabled, RuleKind kind, string triggerType, Dictionary<string, object?> triggerParameters,
        CompiledCriteria criteria, string actionRef, Dictionary<string, object?> actionParameters)
    {
        Ref = reference;
        Enabled = enabled;
        Kind = kind;
        TriggerType = triggerType;
        TriggerParameters = triggerParameters;
        TriggerKey = TriggerKeyOf(triggerType, triggerParameters);
        Criteria = criteria;
        ActionRef = actionRef;
        ActionParameters = actionParameters;
    }

    /// <summary><c>pack.name</c>.</summary>
    public string Ref { get; }

    /// <summary>Disabled rules never fire.</summary>
    public bool Enabled { get; }

    /// <summary>Standard or backstop.</summary>
    public RuleKind Kind { get; }

    /// <summary>The trigger type ref.</summary>
    public string TriggerType { get; }

    /// <summary>The trigger parameters (webhook url, timer settings); empty when none.</summary>
    public IReadOnlyDictionary<string, object?> TriggerParameters { get; }

    /// <summary>Trigger type plus canonical parameters: rules with the same key listen to the same trigger.</summary>
    public string TriggerKey { get; }

    /// <summary>The compiled criteria.</summary>
    public CompiledCriteria Criteria { get; }

    /// <summary>The action to run.</summary>
    public string ActionRef { get; }

    /// <summary>The action parameters as written (Jinja templates over <c>trigger</c>…).</summary>
    public IReadOnlyDictionary<string, object?> ActionParameters { get; }

    /// <summary>Compiles a rule from its parts; throws <see cref="CriteriaException"/> naming the rule on bad criteria.</summary>
    public static CompiledRule Create(string reference, bool enabled, RuleKind kind, string triggerType, IReadOnlyDictionary<string, object?>? triggerParameters,
        object? criteria, string actionRef, IReadOnlyDictionary<string, object?>? actionParameters, TimeSpan? regexTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(triggerType);
        ArgumentException.ThrowIfNullOrEmpty(actionRef);
        CompiledCriteria compiled;
        try
        {
            compiled = CompiledCriteria.Compile(criteria, regexTimeout ?? RuleLimits.DefaultRegexTimeout);
        }
        catch (CriteriaException ex)
        {
            throw new CriteriaException($"rule {reference}: {ex.Message}", ex);
        }

        return new CompiledRule(reference, enabled, kind, triggerType, Copy(triggerParameters), compiled, actionRef, Copy(actionParameters));
    }

    /// <summary>
    /// Compiles a rule from its YAML/JSON mapping as StackStorm writes it (<c>name</c>, <c>pack</c>,
    /// <c>enabled</c>, <c>type.ref</c>, <c>trigger</c>, <c>criteria</c>, <c>action</c>); throws
    /// <see cref="CriteriaException"/> naming the field on malformed input.
    /// </summary>
    public static CompiledRule FromDocument(object? document, TimeSpan? regexTimeout = null, bool? enabledOverride = null)
    {
        if (document is not Dictionary<string, object?> root)
        {
            throw new CriteriaException($"a rule must be a mapping, not {PlainValues.JsonTypeName(document)}");
        }

        var name = root.GetValueOrDefault("name") as string;
        if (string.IsNullOrEmpty(name))
        {
            throw new CriteriaException("the rule has no 'name'");
        }

        var pack = root.GetValueOrDefault("pack") as string ?? "unknown";
        var reference = name.Contains('.', StringComparison.Ordinal) && !root.ContainsKey("pack") ? name : $"{pack}.{name}";
        if (root.GetValueOrDefault("trigger") is not Dictionary<string, object?> trigger || trigger.GetValueOrDefault("type") is not string triggerType || triggerType.Length == 0)
        {
            throw new CriteriaException($"rule {reference}: 'trigger.type' is missing");
        }

        if (trigger.GetValueOrDefault("parameters") is { } tp && tp is not Dictionary<string, object?>)
        {
            throw new CriteriaException($"rule {reference}: 'trigger.parameters' must be a mapping");
        }

        if (root.GetValueOrDefault("action") is not Dictionary<string, object?> action || action.GetValueOrDefault("ref") is not string actionRef || actionRef.Length == 0)
        {
            throw new CriteriaException($"rule {reference}: 'action.ref' is missing");
        }

        if (action.GetValueOrDefault("parameters") is { } ap && ap is not Dictionary<string, object?>)
        {
            throw new CriteriaException($"rule {reference}: 'action.parameters' must be a mapping");
        }

        var kind = RuleKind.Standard;
        if (root.GetValueOrDefault("type") is Dictionary<string, object?> type)
        {
            kind = type.GetValueOrDefault("ref") switch
            {
                "standard" or null => RuleKind.Standard,
                "backstop" => RuleKind.Backstop,
                var other => throw new CriteriaException($"rule {reference}: rule type '{other}' must be 'standard' or 'backstop'"),
            };
        }

        var enabled = enabledOverride ?? root.GetValueOrDefault("enabled") is true;
        return Create(reference, enabled, kind, triggerType, trigger.GetValueOrDefault("parameters") as Dictionary<string, object?>,
            root.GetValueOrDefault("criteria"), actionRef, action.GetValueOrDefault("parameters") as Dictionary<string, object?>, regexTimeout);
    }

    /// <summary>
    /// Compiles a rule of the pack model from its <see cref="RuleSpec.CriteriaMapping"/> (groups and search
    /// conditions included); a spec built in code without that mapping is compiled from <see cref="RuleSpec.Criteria"/>.
    /// </summary>
    public static CompiledRule FromSpec(RuleSpec spec, TimeSpan? regexTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        object? criteria = spec.CriteriaMapping switch
        {
            Dictionary<string, object?> written => written,
            { } written => new Dictionary<string, object?>(written, StringComparer.Ordinal),
            null when spec.Criteria.Count > 0 => spec.Criteria.ToDictionary(c => c.Key, AsWritten, StringComparer.Ordinal),
            null => null,
        };

        return Create(spec.Ref, spec.Enabled, spec.RuleType == "backstop" ? RuleKind.Backstop : RuleKind.Standard, spec.Trigger.Type,
            spec.Trigger.Parameters, criteria, spec.Action.Ref, spec.Action.Parameters, regexTimeout);
    }

    /// <summary>The index key of a trigger type with parameters (parameters in canonical JSON, keys sorted).</summary>
    public static string TriggerKeyOf(string triggerType, IReadOnlyDictionary<string, object?>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return triggerType;
        }

        return triggerType + "\n" + JsonText.Serialize(Canonical(parameters));
    }

    private static object? Canonical(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> dict => dict.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => Canonical(kv.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Canonical).ToList(),
        _ => value,
    };

    private static object? AsWritten(RuleCriterionSpec criterion)
    {
        var written = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = criterion.Type, ["pattern"] = criterion.Pattern };
        if (criterion.Condition is not null)
        {
            written["condition"] = criterion.Condition;
        }

        return written;
    }

    private static Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?>? source) =>
        source is null ? new(StringComparer.Ordinal) : source.ToDictionary(kv => kv.Key, kv => PlainValues.Normalize(kv.Value), StringComparer.Ordinal);
}
