using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/packs</c> in StackStorm's shape: the loaded packs (get by ref or id, with their content hash);
/// <c>POST install</c> (<c>{"packs": [...], "force", "skip_dependencies"}</c>) and <c>POST uninstall</c> (<c>{"packs": [...]}</c>)
/// start an execution of <c>packs.install</c> / <c>packs.uninstall</c> and answer 202 <c>{"execution_id"}</c>; <c>POST
/// register</c> reads the packs again and runs them, answering what is loaded. Where the host's packs are fixed
/// (<paramref name="packs"/> null: the Functions app) the three answer 501.</summary>
public sealed class PacksApi(PackCatalog catalog, IPackRegistrar? packs = null, ActionExecutionService? actions = null) : CatalogResource<PackSpec>
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
        plain["content_hash"] = record.ContentHash;
        return plain;
    }

    /// <inheritdoc/>
    protected override async Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count != 1 || segments[0] is not ("install" or "uninstall" or "register"))
        {
            return await base.WriteAsync(request, segments, cancellationToken).ConfigureAwait(false);
        }

        if (request.Method != "POST")
        {
            return ApiRoutes.MethodNotAllowed(Name, request, "POST");
        }

        if (packs is null)
        {
            return ApiResult.Fault(501, $"packs/{segments[0]} is not offered: the packs are fixed when this host starts (the Functions app's are deployed with it).");
        }

        return segments[0] == "register"
            ? await RegisterAsync(request, packs, cancellationToken).ConfigureAwait(false)
            : await StartAsync(request, segments[0] == "install" ? "packs.install" : "packs.uninstall", packs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts an execution of <c>packs.install</c> / <c>packs.uninstall</c> and answers 202 <c>{"execution_id"}</c> at
    /// once, as StackStorm does (<c>st2 pack install</c> then follows the execution on the stream).</summary>
    private async Task<ApiResult> StartAsync(ApiRequest request, string actionRef, IPackRegistrar registrar, CancellationToken cancellationToken)
    {
        if (registrar.WhyNoInstall is { } why)
        {
            return ApiResult.Fault(501, why);
        }

        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("packs") is not List<object?> names || names.Count == 0 || !names.All(n => n is string { Length: > 0 }))
        {
            return ApiResult.Fault(400, "'packs' must be a non-empty list of pack names, git URLs or folders.");
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["packs"] = names };
        foreach (var flag in actionRef == "packs.install" ? ["force", "skip_dependencies"] : Array.Empty<string>())
        {
            switch (body.GetValueOrDefault(flag))
            {
                case null:
                    break;
                case bool value:
                    parameters[flag] = value;
                    break;
                default:
                    return ApiResult.Fault(400, $"'{flag}' must be true or false.");
            }
        }

        if (actions is null || catalog.FindAction(actionRef) is not { } action || catalog.FindPack(action.Pack) is not { } pack)
        {
            return ApiResult.Fault(501, $"Action {actionRef} is not loaded: the 'packs' pack (packs/packs in ServerlessFlow's repository) must be among the server's packs.");
        }

        ExecutionState requested;
        try
        {
            requested = await actions.RequestAsync(action, parameters, new ExecutionContextState(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }

        // Answered at once, as StackStorm answers 202 with the execution to follow; the install runs on, past this request.
        _ = Task.Run(
            () => actions.RunAsync(action, parameters, Path.Combine(pack.Location, "actions"), requested.Context, requested.Id, cancellationToken: CancellationToken.None),
            CancellationToken.None);
        return ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["execution_id"] = requested.Id }, 202);
    }

    private static async Task<ApiResult> RegisterAsync(ApiRequest request, IPackRegistrar registrar, CancellationToken cancellationToken)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, emptyIsObject: true, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        IReadOnlyDictionary<string, long> counts;
        try
        {
            counts = await registrar.RegisterAsync(body.GetValueOrDefault("fail_on_failure") is not false, cancellationToken).ConfigureAwait(false);
        }
        catch (PackInstallException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }

        return ApiResult.Json(counts.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal));
    }
}
