using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/runnertypes</c>: the runner types (filter <c>name</c>; get by name or id). st2client reads
/// <c>?name=</c> before every <c>st2 run</c>. A runner ServerlessFlow does not run is listed <c>enabled: false</c>, with the
/// reason in its description.</summary>
public sealed class RunnerTypesApi(RunnerTypeCatalog runners) : CatalogResource<RunnerTypeSpec>
{
    /// <inheritdoc/>
    public override string Name => "runnertypes";

    /// <inheritdoc/>
    protected override string Kind => "runner type";

    /// <inheritdoc/>
    protected override IReadOnlyList<RunnerTypeSpec> All() => runners.Runners.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(RunnerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Name, RecordIds.Derive("runner_type", record.Name));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, RunnerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "name", record.Name) || record.Aliases.Contains(request.QueryValue("name"));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(RunnerTypeSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = "runner_type:" + record.Name;
        plain["name"] = record.Name;
        plain["description"] = record.Supported ? record.Description : $"{record.Description} Not run by ServerlessFlow: {record.UnsupportedReason}";
        plain["enabled"] = record.Supported;
        plain["runner_package"] = record.Name.Replace('-', '_');
        plain["runner_module"] = record.Name.Replace('-', '_');
        plain["runner_parameters"] = record.RunnerParameters.ToDictionary(p => p.Key, p => (object?)Copy(p.Value.Schema), StringComparer.Ordinal);
        if (record.OutputKey is { } key)
        {
            plain["output_key"] = key;
        }

        return plain;
    }
}
