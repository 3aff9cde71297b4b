using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/policytypes</c>: StackStorm's action policy types as <see cref="PolicyTypeCatalog"/> holds them (the one
/// copy of st2's <c>st2common/policies/meta/*.yaml</c>, which the pack loader checks policies against too); filter
/// <c>resource_type</c>; get by ref or id.</summary>
public sealed class PolicyTypesApi : CatalogResource<PolicyTypeSpec>
{
    private static readonly IReadOnlyList<PolicyTypeSpec> Types = PolicyTypeCatalog.All.Values.ToList();

    /// <inheritdoc/>
    public override string Name => "policytypes";

    /// <inheritdoc/>
    protected override string Kind => "policy type";

    /// <inheritdoc/>
    protected override IReadOnlyList<PolicyTypeSpec> All() => Types;

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(PolicyTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("policy_type", record.ResourceType, record.Name));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, PolicyTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "resource_type", record.ResourceType);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(PolicyTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"policy_type:{record.ResourceType}:{record.Name}";
        plain["ref"] = record.Ref;
        plain["name"] = record.Name;
        plain["resource_type"] = record.ResourceType;
        plain["description"] = record.Description;
        plain["enabled"] = true;
        plain["module"] = record.Module;
        plain["parameters"] = record.Parameters.ToDictionary(
            p => p.Key,
            p => PlainValues.DeepClone(new Dictionary<string, object?>(p.Value.Schema, StringComparer.Ordinal)),
            StringComparer.Ordinal);
        return plain;
    }
}
