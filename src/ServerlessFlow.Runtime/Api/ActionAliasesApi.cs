using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/actionalias</c>: the action aliases the loaded packs declare (<c>aliases/</c>; filters <c>pack</c>,
/// <c>action_ref</c>, <c>enabled</c>); get by ref or id; <c>POST match</c> (<c>{"command"}</c>: the one alias format it matches, or
/// 400 with st2's message) and <c>GET help</c> (<c>filter</c>, <c>pack</c>, <c>limit</c>, <c>offset</c>) when given the alias use case.</summary>
public sealed class ActionAliasesApi(PackCatalog catalog, Aliases.AliasExecutionService? aliases = null) : CatalogResource<ActionAliasSpec>
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
        plain["uid"] = $"action_alias:{record.Pack}:{record.Name}";
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
    public override Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Segments is ["help"] && request.Method == "GET" ? Task.FromResult(Help(request)) : base.HandleAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments is ["help"])
        {
            return ApiRoutes.MethodNotAllowed(Name, request, "GET");
        }

        if (segments is not ["match"])
        {
            return await base.WriteAsync(request, segments, cancellationToken).ConfigureAwait(false);
        }

        if (request.Method != "POST")
        {
            return ApiRoutes.MethodNotAllowed(Name, request, "POST");
        }

        if (aliases is null)
        {
            return ApiResult.Fault(501, "actionalias/match is not offered by this host.");
        }

        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("command") is not string command)
        {
            return ApiResult.Fault(400, "Field \"command\" (the text typed in the chat) is required and must be a string.");
        }

        try
        {
            var match = aliases.Match(command);
            return ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["actionalias"] = ToPlain(match.Alias),
                ["display"] = match.Display,
                ["representation"] = match.Representation,
            });
        }
        catch (Core.Aliases.AliasAmbiguityException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    // st2's help: query filter, pack, limit (default 100), offset (default 0).
    private ApiResult Help(ApiRequest request)
    {
        if (aliases is null)
        {
            return ApiResult.Fault(501, "actionalias/help is not offered by this host.");
        }

        if (!Number(request, "limit", 100, out var limit) || !Number(request, "offset", 0, out var offset))
        {
            return ApiResult.Fault(400, "Query parameters \"limit\" and \"offset\" must be whole numbers of 0 or more.");
        }

        return ApiResult.Json(aliases.Help(request.QueryValue("filter"), request.QueryValue("pack"), limit, offset).ToPlain());
    }

    private static bool Number(ApiRequest request, string name, int fallback, out int value)
    {
        value = fallback;
        return request.QueryValue(name) is not { } text
            || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 0);
    }
}
