using System.Globalization;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/actions</c> in StackStorm's shape: <c>GET</c> lists the loaded packs' actions by ref (filter <c>pack</c>;
/// <see cref="ApiPaging"/>) and <c>GET {ref}</c> gives one. <c>parameters</c> is the schema an execution accepts: the runner's
/// parameters with the action's laid over them, as <c>st2 action get</c> shows it.
/// </summary>
public sealed class ActionsApi : IApiResource
{
    private readonly PackCatalog catalog;

    /// <summary>Creates the resource over the loaded packs.</summary>
    public ActionsApi(PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.catalog = catalog;
    }

    /// <inheritdoc/>
    public string Name => "actions";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return Task.FromResult((segments.Count, request.Method) switch
        {
            (0, "GET") => List(request),
            (1, "GET") => Get(segments[0]),
            (0 or 1, _) => ApiRoutes.MethodNotAllowed(Name, request, "GET"),
            _ => ApiRoutes.NotFound(Name, request),
        });
    }

    /// <summary>One action as StackStorm's API shapes it.</summary>
    public static Dictionary<string, object?> ToPlain(ActionSpec action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["uid"] = $"action:{action.Pack}:{action.Name}",
            ["ref"] = action.Ref,
            ["pack"] = action.Pack,
            ["name"] = action.Name,
            ["description"] = action.Description,
            ["runner_type"] = action.RunnerType,
            ["enabled"] = action.Enabled,
            ["entry_point"] = action.EntryPoint,
            ["parameters"] = action.EffectiveParameters.ToDictionary(
                p => p.Key,
                p => PlainValues.DeepClone(new Dictionary<string, object?>(p.Value.Schema, StringComparer.Ordinal)),
                StringComparer.Ordinal),
            ["output_schema"] = action.OutputSchema is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : PlainValues.DeepClone(new Dictionary<string, object?>(action.OutputSchema, StringComparer.Ordinal)),
            ["notify"] = action.Notify is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : PlainValues.DeepClone(new Dictionary<string, object?>(action.Notify, StringComparer.Ordinal)),
            ["tags"] = action.Tags.Select(t => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = t.Name, ["value"] = t.Value }).ToList(),
            ["metadata_file"] = action.MetadataFile,
        };
    }

    private ApiResult List(ApiRequest request)
    {
        var (paging, bad) = ApiPaging.Read(request, isToken: token => int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        if (paging is null)
        {
            return bad!;
        }

        var pack = request.QueryValue("pack");
        var all = catalog.Packs
            .Where(p => pack is null || p.Ref == pack)
            .SelectMany(p => p.Actions)
            .OrderBy(a => a.Ref, StringComparer.Ordinal)
            .ToList();

        // The actions are in memory: the continuation token is simply the index of the next one.
        var start = paging.Offset;
        if (paging.ContinuationToken is { } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            return ApiResult.Fault(400, $"Query parameter continuation_token '{token}' does not name a position in the action list.");
        }

        var items = all.Skip(start).Take(paging.Limit).ToList();
        var next = start + items.Count < all.Count ? (start + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return ApiPaging.Answer(new RecordPage<ActionSpec>(items, next), ToPlain);
    }

    private ApiResult Get(string actionRef) =>
        catalog.FindAction(actionRef) is { } action
            ? ApiResult.Json(ToPlain(action))
            : ApiResult.Fault(404, $"Action {actionRef} is not in any loaded pack.");
}
