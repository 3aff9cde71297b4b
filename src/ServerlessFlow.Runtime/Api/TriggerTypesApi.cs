using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/triggertypes</c>: StackStorm's system trigger types and those the loaded packs declare (in
/// <c>triggers/</c> or by their sensors); filters <c>pack</c> and <c>name</c>; get by ref or id.</summary>
public sealed class TriggerTypesApi(PackCatalog catalog) : CatalogResource<TriggerTypeSpec>
{
    /// <inheritdoc/>
    public override string Name => "triggertypes";

    /// <inheritdoc/>
    protected override string Kind => "trigger type";

    /// <summary>Every trigger type: system ones first in st2's order of refs, then the packs'.</summary>
    public static IReadOnlyList<TriggerTypeSpec> Everything(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SystemTriggerTypes.All.Values
            .Concat(catalog.Packs.SelectMany(p => p.TriggerTypes))
            .Concat(catalog.Packs.SelectMany(p => p.Sensors).SelectMany(s => s.TriggerTypes))
            .DistinctBy(t => t.Ref, StringComparer.Ordinal)
            .OrderBy(t => t.Ref, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<TriggerTypeSpec> All() => Everything(catalog);

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(TriggerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("trigger_type", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, TriggerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "pack", record.Pack) && CatalogListing.Matches(request, "name", record.Name);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(TriggerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"trigger_type:{record.Pack}:{record.Name}";
        plain["ref"] = record.Ref;
        plain["name"] = record.Name;
        plain["pack"] = record.Pack;
        plain["description"] = record.Description ?? string.Empty;
        plain["payload_schema"] = Copy(record.PayloadSchema);
        plain["parameters_schema"] = Copy(record.ParametersSchema);
        plain["tags"] = record.Tags.Select(t => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = t.Name, ["value"] = t.Value }).ToList();
        plain["metadata_file"] = record.MetadataFile;
        return plain;
    }
}
