using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/actions</c> in StackStorm's shape: <c>GET</c> lists the loaded packs' actions by ref (filter <c>pack</c>;
/// <see cref="ApiPaging"/>) and <c>GET {ref}</c> gives one. <c>parameters</c> is the schema an execution accepts: the runner's
/// parameters with the action's laid over them, as <c>st2 action get</c> shows it. Where the host changes its packs while it
/// runs (<see cref="IPackRegistrar"/>), <c>POST</c> creates an action, <c>PUT {ref}</c> replaces one and <c>DELETE {ref}</c>
/// removes one, as StackStorm's API does; the pack folder is where actions live here (st2 keeps them in its database), so the
/// metadata is written to the pack's <c>actions/</c> folder as YAML (with st2's <c>data_files</c> beside it), checked by the
/// pack loader, and the packs reloaded.
/// </summary>
public sealed partial class ActionsApi : IApiResource
{
    /// <summary>Packs whose resources the API does not change (st2's system packs, and the pack that manages packs).</summary>
    private static readonly HashSet<string> SystemPacks = new(StringComparer.Ordinal) { "core", "packs" };

    /// <summary>Fields of st2's action record that the API answers but that are not metadata to write.</summary>
    private static readonly string[] NotMetadata = ["id", "uid", "ref", "metadata_file", "data_files"];

    private readonly PackCatalog catalog;
    private readonly IPackRegistrar? packs;

    /// <summary>Creates the resource over the loaded packs; with <paramref name="packs"/>, actions can be written.</summary>
    public ActionsApi(PackCatalog catalog, IPackRegistrar? packs = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.catalog = catalog;
        this.packs = packs;
    }

    /// <inheritdoc/>
    public string Name => "actions";

    /// <inheritdoc/>
    public async Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        switch (segments.Count, request.Method)
        {
            case (0, "GET"):
                return List(request);
            case (1, "GET"):
                return Get(segments[0]);
            case (0, "POST") or (1, "PUT") or (1, "DELETE") when packs is null:
                return ApiResult.Fault(
                    405,
                    "Actions here come from the deployed packs: change the pack's actions/ folder and deploy it again.",
                    new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Allow"] = "GET" });
            case (0, "POST"):
                return await SaveAsync(request, existing: null, cancellationToken).ConfigureAwait(false);
            case (1, "PUT"):
                return Find(segments[0]) is { } replaced
                    ? await SaveAsync(request, replaced, cancellationToken).ConfigureAwait(false)
                    : NotFound(segments[0]);
            case (1, "DELETE"):
                return Find(segments[0]) is { } deleted
                    ? await DeleteAsync(request, deleted, cancellationToken).ConfigureAwait(false)
                    : NotFound(segments[0]);
            case (0, _):
                return ApiRoutes.MethodNotAllowed(Name, request, "GET", "POST");
            case (1, _):
                return ApiRoutes.MethodNotAllowed(Name, request, "GET", "PUT", "DELETE");
            default:
                return ApiRoutes.NotFound(Name, request);
        }
    }

    /// <summary>One action as StackStorm's API shapes it.</summary>
    public static Dictionary<string, object?> ToPlain(ActionSpec action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = IdOf(action),
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

    /// <summary>The action's id: derived from its ref, so it is the same on every instance and across restarts (st2client
    /// addresses an action by id to delete it).</summary>
    public static string IdOf(ActionSpec action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RecordIds.Derive("action", action.Ref);
    }

    private ActionSpec? Find(string refOrId) =>
        catalog.FindAction(refOrId) ?? catalog.Packs.SelectMany(p => p.Actions).FirstOrDefault(a => IdOf(a) == refOrId);

    private ApiResult Get(string refOrId) =>
        Find(refOrId) is { } action
            ? ApiResult.Json(ToPlain(action))
            : NotFound(refOrId);

    private static ApiResult NotFound(string actionRef) => ApiResult.Fault(404, $"Action {actionRef} is not in any loaded pack.");

    /// <summary>st2's <c>post</c> (<paramref name="existing"/> null) and <c>put</c>: the body is the action's metadata; the
    /// pack's loader checks it before anything runs, and a refused body leaves the pack folder as it was.</summary>
    private async Task<ApiResult> SaveAsync(ApiRequest request, ActionSpec? existing, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var name = body.GetValueOrDefault("name") ?? existing?.Name;
        var packRef = body.GetValueOrDefault("pack") ?? existing?.Pack;
        if (name is not string actionName || !FileSafeName().IsMatch(actionName))
        {
            return ApiResult.Fault(400, "'name' must be a string of letters, digits, '_', '-' and '.' that does not start with '.' (it names the action's metadata file).");
        }

        if (packRef is not string packName || packName.Length == 0)
        {
            return ApiResult.Fault(400, "'pack' is required: the name of a loaded pack to add the action to.");
        }

        if (existing is not null && (actionName != existing.Name || packName != existing.Pack))
        {
            return ApiResult.Fault(400, $"The body names action {packName}.{actionName}, but the path names {existing.Ref}: an action's pack and name cannot change.");
        }

        if (SystemPacks.Contains(packName))
        {
            return ApiResult.Fault(400, "Resources belonging to system level packs can't be manipulated");
        }

        if (catalog.FindPack(packName) is not { } pack)
        {
            return ApiResult.Fault(400, $"Pack {packName} is not loaded: install it (sflow pack install, st2 pack install) before adding actions to it.");
        }

        if (existing is null && catalog.FindAction(packName + "." + actionName) is { } clash)
        {
            return ApiResult.Fault(409, $"Action {clash.Ref} exists already (in {clash.MetadataFile}); update it with PUT /api/v1/actions/{clash.Ref}.");
        }

        var (dataFiles, dataError) = DataFiles(body.GetValueOrDefault("data_files"));
        if (dataError is not null)
        {
            return ApiResult.Fault(400, dataError);
        }

        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = actionName, ["pack"] = packName };
        foreach (var (field, value) in body.Where(f => !NotMetadata.Contains(f.Key, StringComparer.Ordinal)))
        {
            metadata[field] = value;
        }

        try
        {
            var saved = await packs!.SaveActionAsync(new ActionFileWrite(pack, metadata, existing?.MetadataFile ?? $"actions/{actionName}.yaml", dataFiles), ct).ConfigureAwait(false);
            return ApiResult.Json(ToPlain(saved), existing is null ? 201 : 200);
        }
        catch (PackInstallException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    /// <summary>st2's <c>delete</c>: the action goes (its metadata file here), and with <c>remove_files</c> its entry point.</summary>
    private async Task<ApiResult> DeleteAsync(ApiRequest request, ActionSpec action, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, emptyIsObject: true, ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("remove_files") is not (null or bool))
        {
            return ApiResult.Fault(400, "'remove_files' must be true or false.");
        }

        if (SystemPacks.Contains(action.Pack))
        {
            return ApiResult.Fault(400, "Resources belonging to system level packs can't be manipulated");
        }

        try
        {
            await packs!.DeleteActionAsync(action, body.GetValueOrDefault("remove_files") is true, ct).ConfigureAwait(false);
            return ApiResult.NoContent();
        }
        catch (PackInstallException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    /// <summary>st2's <c>data_files</c>: a list of <c>{"file_path", "content"}</c>, each path below the pack's <c>actions/</c>.</summary>
    private static (IReadOnlyList<KeyValuePair<string, string>> Files, string? Error) DataFiles(object? value)
    {
        const string Shape = "'data_files' must be a list of {\"file_path\": \"<path below the pack's actions/ folder>\", \"content\": \"<text>\"} objects.";
        if (value is null)
        {
            return ([], null);
        }

        if (value is not List<object?> list)
        {
            return ([], Shape);
        }

        var files = new List<KeyValuePair<string, string>>();
        foreach (var item in list)
        {
            if (item is not Dictionary<string, object?> file || file.GetValueOrDefault("file_path") is not string { Length: > 0 } path || file.GetValueOrDefault("content") is not string content)
            {
                return ([], Shape);
            }

            files.Add(new(path, content));
        }

        return (files, null);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex FileSafeName();
}
