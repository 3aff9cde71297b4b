using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Parameters;

namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>
/// Turns rule matches into enforcements (StackStorm's RuleEnforcer): a matched rule whose action
/// exists and whose parameters render is a succeeded enforcement with the parameters; anything
/// else (evaluation error, unknown action, parameter error) is a failed enforcement with the
/// reason. Ids derive from (trigger instance id, rule ref).
/// </summary>
public sealed class RuleEnforcer
{
    private readonly ActionParameterRenderer _renderer;
    private readonly IRuleActionCatalog _actions;
    private readonly string _user;

    /// <summary>Creates an enforcer; <paramref name="user"/> is the <c>action_context.user</c> (StackStorm's system user).</summary>
    public RuleEnforcer(ActionParameterRenderer renderer, IRuleActionCatalog actions, string user = "stanley")
    {
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _actions = actions ?? throw new ArgumentNullException(nameof(actions));
        _user = user;
    }

    /// <summary>Enforces one match.</summary>
    public RuleEnforcementResult Enforce(TriggerInstance instance, RuleMatch match, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(match);
        var rule = match.Rule;
        if (!match.Matched)
        {
            return Failed(instance, rule, $"Failed to match rule \"{rule.Ref}\" against trigger instance \"{instance.Id}\": {match.Error ?? "the criteria did not match"}");
        }

        if (!_actions.TryGetAction(rule.ActionRef, out var action))
        {
            return Failed(instance, rule, $"Action \"{rule.ActionRef}\" doesn't exist");
        }

        try
        {
            var config = action.LoadConfig is { } load && NamesConfig(rule.ActionParameters, action.ParameterSchemas) ? load() : action.Config;
            var context = new ParameterContext(instance.Payload, ActionContext(instance, rule, action.Pack), config, keyValues, action.ConfigSecrets);
            var rendered = _renderer.Render(rule.ActionParameters, action.ParameterSchemas, context);
            var enforcement = new RuleEnforcement(EnforcementIds.For(instance.Id, rule.Ref), rule.Ref, instance.Id, rule.ActionRef,
                RuleEnforcementStatus.Succeeded, null, rendered.Masked(), rendered.SecretNames);
            return new RuleEnforcementResult(enforcement, rendered);
        }
        catch (ParameterException ex)
        {
            return Failed(instance, rule, ex.Message);
        }
    }

    /// <summary>Whether a parameter the rule gives, or an action default, names <c>config_context</c> (only then is the pack's
    /// configuration read: it may decrypt secrets, which happens only where they are used).</summary>
    private static bool NamesConfig(IReadOnlyDictionary<string, object?> parameters, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> schemas) =>
        parameters.Values.Concat(schemas.Values.Select(s => s.GetValueOrDefault("default"))).Any(MentionsConfig);

    private static bool MentionsConfig(object? value) => value switch
    {
        string text => text.Contains("config_context", StringComparison.Ordinal),
        IReadOnlyDictionary<string, object?> map => map.Values.Any(MentionsConfig),
        IDictionary<string, object?> map => map.Values.Any(MentionsConfig),
        IEnumerable<object?> list => list.Any(MentionsConfig),
        _ => false,
    };

    /// <summary>The <c>action_context</c> StackStorm gives executions started by a rule.</summary>
    public Dictionary<string, object?> ActionContext(TriggerInstance instance, CompiledRule rule, string pack)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(rule);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger_instance"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = instance.Id, ["name"] = null },
            ["rule"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = rule.Ref, ["name"] = rule.Ref[(rule.Ref.IndexOf('.', StringComparison.Ordinal) + 1)..], ["ref"] = rule.Ref },
            ["user"] = _user,
            ["pack"] = pack,
        };
    }

    private static RuleEnforcementResult Failed(TriggerInstance instance, CompiledRule rule, string reason) =>
        new(new RuleEnforcement(EnforcementIds.For(instance.Id, rule.Ref), rule.Ref, instance.Id, rule.ActionRef,
            RuleEnforcementStatus.Failed, reason, new Dictionary<string, object?>(StringComparer.Ordinal), []), null);
}
