using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Rules.Triggers;

namespace ServerlessFlow.Core.Rules.Testing;

/// <summary>
/// Explains whether a rule fires for a trigger instance and why (st2-rule-tester, with every
/// criterion shown instead of only the first failure): trigger type, payload schema, each
/// criterion's key, value, operator, rendered pattern and result, then the action parameters.
/// </summary>
public sealed class RuleTester
{
    private readonly CriteriaEvaluator _evaluator;
    private readonly ActionParameterRenderer _parameters;
    private readonly IRuleActionCatalog? _actions;
    private readonly IReadOnlyDictionary<string, TriggerTypeDescriptor> _triggerTypes;

    /// <summary>Creates a tester. <paramref name="actions"/> (optional) lets parameters be validated, cast and masked
    /// against the action's declaration; without it they are rendered as st2-rule-tester does (no schema).
    /// <paramref name="triggerTypes"/> adds pack-defined trigger types to the built-in ones.</summary>
    public RuleTester(TimeProvider clock, IRuleTemplateRenderer templates, IRuleActionCatalog? actions = null,
        IEnumerable<TriggerTypeDescriptor>? triggerTypes = null)
    {
        _evaluator = new CriteriaEvaluator(clock, templates);
        _parameters = new ActionParameterRenderer(templates);
        _actions = actions;
        var types = BuiltInTriggerTypes.All.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var type in triggerTypes ?? [])
        {
            types[type.Ref] = type;
        }

        _triggerTypes = types;
    }

    /// <summary>Tests one rule against one instance.</summary>
    public RuleTestReport Test(CompiledRule rule, TriggerInstance instance, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(instance);
        var notes = new List<string>();
        if (!rule.Enabled)
        {
            notes.Add("the rule is disabled: it is evaluated here as if enabled, but it will not fire until enabled");
        }

        notes.AddRange(rule.Criteria.Problems());
        var report = new RuleTestReport
        {
            RuleRef = rule.Ref,
            Enabled = rule.Enabled,
            RuleTriggerType = rule.TriggerType,
            InstanceTriggerType = instance.TriggerType,
            ActionRef = rule.ActionRef,
            Matched = false,
            Notes = notes,
        };

        if (!string.Equals(rule.TriggerType, instance.TriggerType, StringComparison.Ordinal))
        {
            notes.Add($"the rule listens to trigger type {rule.TriggerType}, but the instance is of {instance.TriggerType}");
            return report;
        }

        if (instance.TriggerParameters is not null
            && !string.Equals(CompiledRule.TriggerKeyOf(rule.TriggerType, rule.TriggerParameters), CompiledRule.TriggerKeyOf(instance.TriggerType, instance.TriggerParameters), StringComparison.Ordinal))
        {
            notes.Add("the instance's trigger parameters differ from the rule's trigger parameters");
            return report;
        }

        if (_triggerTypes.TryGetValue(instance.TriggerType, out var triggerType))
        {
            var problems = triggerType.ValidatePayload(instance.Payload);
            var parameterProblems = triggerType.ValidateParameters(rule.TriggerParameters.Count == 0 ? null : rule.TriggerParameters.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
            notes.AddRange(parameterProblems.Select(p => $"the rule's trigger {p}"));
            if (problems.Count > 0)
            {
                return report with { PayloadProblems = problems };
            }
        }
        else
        {
            notes.Add($"trigger type {instance.TriggerType} is not known here, so the payload is not checked against a schema");
        }

        PayloadChecks.EnsureDepth(instance.Payload, instance.Id);
        var outcome = _evaluator.Evaluate(rule.Criteria, instance.Payload, keyValues, trace: true);
        report = report with { Criteria = outcome.Trace, CriteriaError = outcome.Error };
        if (!outcome.Matched)
        {
            return report;
        }

        RuleActionInfo? action = null;
        if (_actions is not null && !_actions.TryGetAction(rule.ActionRef, out action))
        {
            notes.Add($"action {rule.ActionRef} is not known here, so its parameters are rendered without its schema");
            action = null;
        }

        var context = new ParameterContext(
            instance.Payload,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["trigger_instance"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = instance.Id, ["name"] = null },
                ["rule"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = "rule_tester_rule", ["name"] = rule.Ref[(rule.Ref.IndexOf('.', StringComparison.Ordinal) + 1)..] },
                ["user"] = "stanley",
                ["pack"] = action?.Pack,
            },
            action?.Config ?? new Dictionary<string, object?>(StringComparer.Ordinal),
            keyValues);
        try
        {
            var rendered = _parameters.Render(rule.ActionParameters, action?.ParameterSchemas, context);
            return report with { Matched = true, Parameters = rendered.Masked() };
        }
        catch (ParameterException ex)
        {
            return report with { ParameterError = ex.Message };
        }
    }
}
