using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Rules;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/triggers</c>: StackStorm's trigger objects — one per trigger type that takes no parameters (its ref
/// is the type's), and one per distinct set of parameters that the rules in force give a type (a webhook's url, a timer's
/// interval), named by a hash of type and parameters as st2 names them by a uuid. Filter <c>type</c>.</summary>
public sealed class TriggersApi(PackCatalog catalog, RuleRegistry rules) : CatalogResource<TriggersApi.Trigger>
{
    /// <inheritdoc/>
    public override string Name => "triggers";

    /// <inheritdoc/>
    protected override string Kind => "trigger";

    /// <summary>One trigger: its type, its parameters and the ref it is known by.</summary>
    /// <param name="Type">The trigger type.</param>
    /// <param name="Parameters">The parameters, empty for a parameterless type.</param>
    /// <param name="TriggerName">The name (the type's name when there are no parameters).</param>
    public sealed record Trigger(TriggerTypeSpec Type, Dictionary<string, object?> Parameters, string TriggerName)
    {
        /// <summary><c>pack.name</c>.</summary>
        public string Ref => Type.Pack + "." + TriggerName;
    }

    /// <summary>The ref of the trigger that a type and parameters make: the type's ref without parameters, else a name
    /// derived from both.</summary>
    public static string RefFor(TriggerTypeSpec? type, string typeRef, IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(typeRef);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return typeRef;
        }

        var pack = type?.Pack ?? typeRef.Split('.')[0];
        return pack + "." + RecordIds.Derive("trigger", type?.Ref ?? typeRef, JsonText.Serialize(new Dictionary<string, object?>(parameters, StringComparer.Ordinal)));
    }

    /// <summary>Every trigger the catalogue and the rules in force give.</summary>
    public static IReadOnlyList<Trigger> Everything(PackCatalog catalog, RuleRegistry rules)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(rules);
        var types = TriggerTypesApi.Everything(catalog);
        var all = types
            .Where(t => t.ParametersSchema is null || t.ParametersSchema.Count == 0)
            .Select(t => new Trigger(t, new Dictionary<string, object?>(StringComparer.Ordinal), t.Name))
            .ToList();
        foreach (var rule in rules.Rules.Where(r => r.Trigger.Parameters.Count > 0))
        {
            if (catalog.FindTriggerType(rule.Trigger.Type) is not { } type)
            {
                continue;
            }

            var parameters = (Dictionary<string, object?>)PlainValues.DeepClone(new Dictionary<string, object?>(rule.Trigger.Parameters, StringComparer.Ordinal))!;
            var name = RecordIds.Derive("trigger", type.Ref, JsonText.Serialize(parameters));
            if (all.All(t => t.Ref != type.Pack + "." + name))
            {
                all.Add(new Trigger(type, parameters, name));
            }
        }

        return all.OrderBy(t => t.Ref, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Trigger> All() => Everything(catalog, rules);

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(Trigger record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("trigger", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, Trigger record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "type", record.Type.Ref);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(Trigger record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"trigger:{record.Type.Pack}:{record.TriggerName}:{RecordIds.Derive("parameters", JsonText.Serialize(record.Parameters))}";
        plain["ref"] = record.Ref;
        plain["name"] = record.TriggerName;
        plain["pack"] = record.Type.Pack;
        plain["type"] = record.Type.Ref;
        plain["parameters"] = PlainValues.DeepClone(record.Parameters);
        plain["description"] = record.Type.Description ?? string.Empty;
        return plain;
    }
}
