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
    private readonly Dictionary<string, CompiledRule> rules;
    private readonly Dictionary<string, string> problems;

    /// <summary>Creates the resource over the loaded packs, the stored trigger instances and the key-value pairs.</summary>
    public RuleTestsApi(PackCatalog catalog, ITriggerInstanceStore instances, TimeProvider time, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(time);
        this.instances = instances;
        this.keyValues = keyValues;
        tester = new RuleTester(
            time,
            new JinjaRuleTemplateRenderer(),
            new PackRuleActionCatalog(catalog),
            catalog.Packs.SelectMany(p => p.TriggerTypes).Select(TriggerTypeDescriptor.From));
        rules = new Dictionary<string, CompiledRule>(StringComparer.Ordinal);
        problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in catalog.Packs.SelectMany(p => p.Rules))
        {
            try
            {
                rules[spec.Ref] = CompiledRule.FromSpec(spec);
            }
            catch (CriteriaException ex)
            {
                problems[spec.Ref] = ex.Message;
            }
        }
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

        List<CompiledRule> chosen;
        if (ruleRef is string named)
        {
            if (problems.TryGetValue(named, out var problem))
            {
                return ApiResult.Fault(422, $"Rule {named} could not be compiled: {problem}");
            }

            if (!rules.TryGetValue(named, out var rule))
            {
                return ApiResult.Fault(404, $"Rule {named} is not in any loaded pack.");
            }

            chosen = [rule];
        }
        else
        {
            chosen = [.. rules.Values.Where(r => r.TriggerType == stored.Trigger).OrderBy(r => r.Ref, StringComparer.Ordinal)];
        }

        var instance = new TriggerInstance(stored.Id, stored.Trigger, stored.TriggerParameters, stored.Payload);
        var reports = new List<object?>();
        foreach (var rule in chosen)
        {
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
