using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Rules.Testing;
using ServerlessFlow.Core.Rules.Triggers;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/ruletests</c>, a ServerlessFlow endpoint ("why didn't my rule fire?"; StackStorm has only the
/// <c>st2-rule-tester</c> command): <c>POST {"rule": ref?, "trigger_instance": id}</c> runs the rule tester on the server against
/// a stored trigger instance, with the server's key-value pairs, and answers one report per rule (the named one, or every
/// loaded rule listening to the instance's trigger type): each criterion's key, value, operator, pattern and verdict, then the
/// rendered action parameters with secrets masked. Nothing is enforced or stored.
/// </summary>
public sealed class RuleTestsApi : IApiResource
{
    private readonly ITriggerInstanceStore instances;
    private readonly IKeyValueLookup? keyValues;
    private readonly RuleTester tester;
    private readonly Func<IReadOnlyList<RuleSpec>> rulesInForce;

    /// <summary>Creates the resource over the rules in force (as the API shows them, enabled or not: they can change at run
    /// time), the loaded packs (actions and trigger types), the stored trigger instances and the key-value pairs.</summary>
    public RuleTestsApi(Func<IReadOnlyList<RuleSpec>> rulesInForce, PackCatalog catalog, ITriggerInstanceStore instances, TimeProvider time, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(rulesInForce);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(time);
        this.rulesInForce = rulesInForce;
        this.instances = instances;
        this.keyValues = keyValues;
        tester = new RuleTester(
            time,
            new JinjaRuleTemplateRenderer(),
            new PackRuleActionCatalog(catalog),
            catalog.Packs.SelectMany(p => p.TriggerTypes).Select(TriggerTypeDescriptor.From));
    }

    /// <inheritdoc/>
    public string Name => "ruletests";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.Segments.Count, request.Method) switch
        {
            (0, "POST") => TestAsync(request, cancellationToken),
            (0, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "POST")),
            _ => Task.FromResult(ApiRoutes.NotFound(Name, request)),
        };
    }

    private async Task<ApiResult> TestAsync(ApiRequest request, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("trigger_instance") is not string instanceId || instanceId.Length == 0)
        {
            return ApiResult.Fault(400, "Field \"trigger_instance\" (the id of a stored trigger instance) is required.");
        }

        var ruleRef = body.GetValueOrDefault("rule");
        if (ruleRef is not (null or string))
        {
            return ApiResult.Fault(400, "Field \"rule\" must be a rule ref such as examples.order_webhook.");
        }

        var stored = await instances.GetAsync(instanceId, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return ApiResult.Fault(404, $"Trigger instance {instanceId} was not found.");
        }

        List<RuleSpec> chosen;
        var rules = rulesInForce();
        if (ruleRef is string named)
        {
            if (rules.FirstOrDefault(r => r.Ref == named) is not { } rule)
            {
                return ApiResult.Fault(404, $"Rule {named} is not in any loaded pack.");
            }

            chosen = [rule];
        }
        else
        {
            chosen = [.. rules.Where(r => r.Trigger.Type == stored.Trigger).OrderBy(r => r.Ref, StringComparer.Ordinal)];
        }

        var instance = new TriggerInstance(stored.Id, stored.Trigger, stored.TriggerParameters, stored.Payload);
        var reports = new List<object?>();
        foreach (var spec in chosen)
        {
            CompiledRule rule;
            try
            {
                rule = CompiledRule.FromSpec(spec);
            }
            catch (CriteriaException ex)
            {
                return ApiResult.Fault(422, $"Rule {spec.Ref} could not be compiled: {ex.Message}");
            }

            try
            {
                reports.Add(RuleTestReportFormat.ToPlain(tester.Test(rule, instance, keyValues)));
            }
            catch (TriggerInstanceException ex)
            {
                return ApiResult.Fault(422, $"Trigger instance {instanceId} cannot be evaluated: {ex.Message}");
            }
        }

        return ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["trigger_instance"] = stored.ToPlain(),
            ["results"] = reports,
        });
    }
}
