using ServerlessFlow.Runtime.Enforcements;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/ruleenforcements</c>: <c>GET</c> lists (filters <c>rule</c>, <c>trigger_instance</c>; <see cref="ApiPaging"/>) and <c>GET {id}</c>.</summary>
public sealed class RuleEnforcementsApi : IApiResource
{
    private readonly IEnforcementStore enforcements;

    /// <summary>Creates the resource over the enforcement store.</summary>
    public RuleEnforcementsApi(IEnforcementStore enforcements)
    {
        ArgumentNullException.ThrowIfNull(enforcements);
        this.enforcements = enforcements;
    }

    /// <inheritdoc/>
    public string Name => "ruleenforcements";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => ListAsync(request, cancellationToken),
            (1, "GET") => GetAsync(segments[0], cancellationToken),
            (0 or 1, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            _ => Task.FromResult(ApiRoutes.NotFound(Name, request)),
        };
    }

    private async Task<ApiResult> ListAsync(ApiRequest request, CancellationToken ct)
    {
        var (paging, bad) = ApiPaging.Read(request);
        if (paging is null)
        {
            return bad!;
        }

        var filter = new EnforcementQuery { Rule = request.QueryValue("rule"), TriggerInstanceId = request.QueryValue("trigger_instance") };
        var page = await paging.FetchAsync(
            (limit, token, c) => enforcements.ListAsync(filter with { Limit = limit, ContinuationToken = token }, c), ct).ConfigureAwait(false);
        return ApiPaging.Answer(page, e => e.ToPlain());
    }

    private async Task<ApiResult> GetAsync(string id, CancellationToken ct) =>
        await enforcements.GetAsync(id, ct).ConfigureAwait(false) is { } enforcement
            ? ApiResult.Json(enforcement.ToPlain())
            : ApiResult.Fault(404, $"Rule enforcement {id} was not found.");
}
