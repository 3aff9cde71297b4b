using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/packs</c>: the loaded packs (get by ref or id). Installing and removing packs at run time is not
/// offered: packs are the folders <c>sflow serve</c> was started with, or the ones deployed with the Functions app.</summary>
public sealed class PacksApi(PackCatalog catalog) : CatalogResource<PackSpec>
{
    /// <inheritdoc/>
    public override string Name => "packs";

    /// <inheritdoc/>
    protected override string Kind => "pack";

    /// <inheritdoc/>
    protected override IReadOnlyList<PackSpec> All() => catalog.Packs.OrderBy(p => p.Ref, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(PackSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("pack", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, PackSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "ref", record.Ref) && CatalogListing.Matches(request, "name", record.Name);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(PackSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = "pack:" + record.Ref;
        plain["ref"] = record.Ref;
        plain["name"] = record.Name;
        plain["description"] = record.Description ?? string.Empty;
        plain["keywords"] = record.Keywords.Select(k => (object?)k).ToList();
        plain["version"] = record.Version ?? string.Empty;
        plain["author"] = record.Author ?? string.Empty;
        plain["email"] = record.Email ?? string.Empty;
        plain["dependencies"] = record.Dependencies.Select(d => (object?)d).ToList();
        plain["path"] = record.Location;
        return plain;
    }

    /// <inheritdoc/>
    protected override Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 1 && segments[0] is "install" or "uninstall" or "register")
        {
            return Task.FromResult(ApiResult.Fault(501, $"packs/{segments[0]} is not offered: the packs are the folders the server was started with (sflow serve --packs) or those deployed with the Functions app."));
        }

        return base.WriteAsync(request, segments, cancellationToken);
    }
}
