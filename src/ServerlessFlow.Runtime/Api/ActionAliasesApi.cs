using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/actionalias</c>: the action aliases the loaded packs declare (<c>aliases/</c>; filters <c>pack</c>,
/// <c>action_ref</c>, <c>enabled</c>); get by ref or id. Matching chat commands against them is ChatOps' and not offered here.</summary>
public sealed class ActionAliasesApi(PackCatalog catalog) : CatalogResource<ActionAliasSpec>
{
    /// <inheritdoc/>
    public override string Name => "actionalias";

    /// <inheritdoc/>
    protected override string Kind => "action alias";

    /// <inheritdoc/>
    protected override IReadOnlyList<ActionAliasSpec> All() => catalog.Packs.SelectMany(p => p.Aliases).OrderBy(a => a.Ref, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(ActionAliasSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("action_alias", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, ActionAliasSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "pack", record.Pack)
            && CatalogListing.Matches(request, "action_ref", record.ActionRef)
            && CatalogListing.Matches(request, "enabled", record.Enabled);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(ActionAliasSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"action:{record.Pack}:{record.Name}";
        plain["ref"] = record.Ref;
        plain["name"] = record.Name;
        plain["pack"] = record.Pack;
        plain["description"] = record.Description ?? string.Empty;
        plain["enabled"] = record.Enabled;
        plain["action_ref"] = record.ActionRef;
        plain["formats"] = Core.Values.PlainValues.DeepClone(record.Formats.ToList());
        plain["ack"] = Copy(record.Ack);
        plain["result"] = Copy(record.Result);
        plain["extra"] = Copy(record.Extra);
        plain["immutable_parameters"] = Copy(record.ImmutableParameters);
        plain["metadata_file"] = record.MetadataFile;
        return plain;
    }

    /// <inheritdoc/>
    protected override Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 1 && segments[0] is "match" or "help")
        {
            return Task.FromResult(ApiResult.Fault(501, $"actionalias/{segments[0]} is not offered yet: matching chat commands against aliases comes with ChatOps."));
        }

        return base.WriteAsync(request, segments, cancellationToken);
    }
}
