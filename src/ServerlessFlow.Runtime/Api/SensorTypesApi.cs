using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/sensortypes</c>: the sensors the loaded packs declare (filters <c>pack</c>, <c>enabled</c>,
/// <c>trigger</c>); get by ref or id.</summary>
public sealed class SensorTypesApi(PackCatalog catalog) : CatalogResource<SensorSpec>
{
    /// <inheritdoc/>
    public override string Name => "sensortypes";

    /// <inheritdoc/>
    protected override string Kind => "sensor type";

    /// <inheritdoc/>
    protected override IReadOnlyList<SensorSpec> All() => catalog.Packs.SelectMany(p => p.Sensors).OrderBy(s => s.Ref, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(SensorSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("sensor_type", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, SensorSpec record)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "pack", record.Pack)
            && CatalogListing.Matches(request, "enabled", record.Enabled)
            && (request.QueryValue("trigger") is not { } trigger || record.TriggerTypes.Any(t => t.Ref == trigger));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(SensorSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"sensor_type:{record.Pack}:{record.ClassName}";
        plain["ref"] = record.Ref;
        plain["class_name"] = record.ClassName;
        plain["pack"] = record.Pack;
        plain["description"] = record.Description ?? string.Empty;
        plain["artifact_uri"] = "file://" + record.EntryPoint;
        plain["entry_point"] = record.EntryPoint;
        plain["enabled"] = record.Enabled;
        plain["trigger_types"] = record.TriggerTypes.Select(t => (object?)t.Ref).ToList();
        if (record.PollInterval is { } poll)
        {
            plain["poll_interval"] = poll;
        }

        plain["metadata_file"] = record.MetadataFile;
        return plain;
    }
}
