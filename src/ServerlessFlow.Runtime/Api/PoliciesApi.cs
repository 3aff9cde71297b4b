using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/policies</c>: the action policies the loaded packs declare (<c>policies/*.yaml</c>), sorted by pack and
/// name as st2 sorts them; filters <c>pack</c>, <c>resource_ref</c>, <c>policy_type</c>; get by ref or id.</summary>
public sealed class PoliciesApi(PackCatalog catalog) : CatalogResource<PolicySpec>
{
    /// <inheritdoc/>
    public override string Name => "policies";

    /// <inheritdoc/>
    protected override string Kind => "policy";

    /// <inheritdoc/>
    protected override IReadOnlyList<PolicySpec> All() =>
        catalog.Policies.OrderBy(p => p.Pack, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(PolicySpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("policy", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, PolicySpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "pack", record.Pack)
            && CatalogListing.Matches(request, "resource_ref", record.ResourceRef)
            && CatalogListing.Matches(request, "policy_type", record.PolicyType);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(PolicySpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"policy:{record.Pack}:{record.Name}";
        plain["name"] = record.Name;
        plain["pack"] = record.Pack;
        plain["ref"] = record.Ref;
        plain["description"] = record.Description ?? string.Empty;
        plain["enabled"] = record.Enabled;
        plain["resource_ref"] = record.ResourceRef;
        plain["policy_type"] = record.PolicyType;
        plain["parameters"] = (Dictionary<string, object?>)PlainValues.DeepClone(new Dictionary<string, object?>(record.Parameters, StringComparer.Ordinal))!;
        plain["metadata_file"] = record.File;
        return plain;
    }
}
