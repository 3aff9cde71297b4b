using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Python.Sensors;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/sensortypes</c>: the sensors the loaded packs declare (filters <c>pack</c>, <c>enabled</c>,
/// <c>trigger</c>); get by ref or id. Where the host runs the Python sensors (<paramref name="sensors"/> gives its
/// supervisor once started), each carries its live <c>state</c> (status, pid, restarts, last error, dispatches) and
/// <c>PUT {ref}</c> with <c>{"enabled": …}</c> starts or stops it, as st2's sensor enable/disable do.</summary>
/// <param name="catalog">The loaded packs.</param>
/// <param name="sensors">The host's sensor supervisor (null inside: not started); null: this host runs no sensor processes,
/// and sensor types are read-only.</param>
public sealed class SensorTypesApi(PackCatalog catalog, Func<PythonSensorSupervisor?>? sensors = null) : CatalogResource<SensorSpec>
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
            && CatalogListing.Matches(request, "enabled", IsEnabled(record))
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
        plain["enabled"] = IsEnabled(record);
        plain["trigger_types"] = record.TriggerTypes.Select(t => (object?)t.Ref).ToList();
        if (record.PollInterval is { } poll)
        {
            plain["poll_interval"] = poll;
        }

        plain["metadata_file"] = record.MetadataFile;
        if (sensors?.Invoke()?.Find(record.Ref) is { } state)
        {
            plain["state"] = state.ToPlain();
        }

        return plain;
    }

    /// <inheritdoc/>
    protected override async Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        if (sensors is null || segments.Count != 1 || request.Method != "PUT")
        {
            return await base.WriteAsync(request, segments, cancellationToken).ConfigureAwait(false);
        }

        if (Find(segments[0]) is not { } sensor)
        {
            return CatalogListing.NotFound(Kind, segments[0]);
        }

        var (body, error) = await ApiBody.ReadObjectAsync(request, emptyIsObject: false, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("enabled") is not bool enable)
        {
            return ApiResult.Fault(400, "Field \"enabled\" must be true or false.");
        }

        if (sensors() is not { } supervisor)
        {
            return ApiResult.Fault(409, $"Sensor {sensor.Ref} cannot be enabled or disabled: this host runs no Python sensor processes (sflow serve runs them unless started without sensors; the Functions app does not).");
        }

        await supervisor.SetEnabledAsync(sensor.Ref, enable, cancellationToken).ConfigureAwait(false);
        return ApiResult.Json(ToPlain(sensor));
    }

    private bool IsEnabled(SensorSpec record) => sensors?.Invoke()?.IsEnabled(record.Ref) ?? record.Enabled;
}
