using System.Globalization;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The workflow engines' <see cref="IWorkflowActionCatalog"/> over the loaded packs: an <c>orquesta</c> or
/// <c>action-chain</c> action is a sub-workflow, an <c>inquirer</c> action an inquiry (with <c>core.ask</c>'s TTL), anything else an action. A sub-workflow
/// starts as an orchestration, not through the action use case, so its parameters are resolved here as StackStorm resolves
/// every execution's: defaults fill the gaps, Jinja (other parameters, <c>st2kv</c>) is rendered, types are checked.
/// </summary>
public sealed class PackWorkflowActionCatalog : IWorkflowActionCatalog
{
    private static readonly ExpressionEngine ParameterEngine = new();

    private readonly Func<PackCatalog> catalog;
    private readonly IKeyValueLookup? keyValues;

    /// <summary>Creates the catalog over the loaded packs; sub-workflow parameter templates read <paramref name="keyValues"/>
    /// (<c>st2kv</c>; without a store such a template fails as reading a missing key does).</summary>
    public PackWorkflowActionCatalog(PackCatalog catalog, IKeyValueLookup? keyValues)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.catalog = () => catalog;
        this.keyValues = keyValues;
    }

    /// <summary>Creates the catalog over whatever packs <paramref name="catalog"/> says are loaded at each call (they change
    /// when packs are installed or reloaded).</summary>
    public PackWorkflowActionCatalog(Func<PackCatalog> catalog, IKeyValueLookup? keyValues)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.catalog = catalog;
        this.keyValues = keyValues;
    }

    /// <inheritdoc/>
    public ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(input);
        ActionSpec? spec = catalog().FindAction(actionRef);
        ActionRequestKind kind = spec?.RunnerType switch
        {
            "orquesta" or "action-chain" => ActionRequestKind.Workflow,
            "inquirer" => ActionRequestKind.Inquiry,
            _ => ActionRequestKind.Action,
        };
        double? ttl = kind == ActionRequestKind.Inquiry ? InquiryTtl(input, spec) : null;
        if (kind == ActionRequestKind.Workflow && spec is not null)
        {
            ResolvedParameters resolved;
            try
            {
                resolved = ActionParameterResolver.Resolve(
                    spec, RunnerTypeCatalog.Default.Find(spec.RunnerType), input, new ParameterTemplate(ParameterEngine, keyValues));
            }
            catch (ActionParameterException e)
            {
                throw new ActionInputRefusedException(e.Message, e);
            }

            input = new Dictionary<string, object?>(resolved.ActionParameters, StringComparer.Ordinal);
            foreach ((string name, object? value) in resolved.RunnerParameters)
            {
                input.TryAdd(name, value);
            }
        }

        return new ActionRequest(key, actionRef, input, kind, delaySeconds is > 0 and long delay ? delay : null, ttl);
    }

    /// <summary>core.ask's <c>ttl</c> (minutes; its default 1440 when not given).</summary>
    private static double? InquiryTtl(Dictionary<string, object?> input, ActionSpec? spec)
    {
        object? ttl = input.GetValueOrDefault("ttl");
        if (ttl is null && spec is not null && spec.EffectiveParameters.TryGetValue("ttl", out ActionParameterSpec? parameter))
        {
            ttl = parameter.Default;
        }

        return ttl switch
        {
            long l => l,
            int i => i,
            double d => d,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => null,
        };
    }
}
