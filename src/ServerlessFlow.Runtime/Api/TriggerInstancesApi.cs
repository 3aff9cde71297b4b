using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/triggerinstances</c>: <c>GET</c> lists (filter <c>trigger</c>; <see cref="ApiPaging"/>), <c>GET {id}</c>,
/// and <c>POST {id}/re_emit</c>, which dispatches a new instance (new id) with the same payload, as StackStorm's re_emit does.</summary>
public sealed class TriggerInstancesApi : IApiResource
{
    private readonly ITriggerInstanceStore instances;
    private readonly TriggerDispatcher dispatcher;

    /// <summary>Creates the resource over the trigger instance store and the dispatch use case.</summary>
    public TriggerInstancesApi(ITriggerInstanceStore instances, TriggerDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(dispatcher);
        this.instances = instances;
        this.dispatcher = dispatcher;
    }

    /// <inheritdoc/>
    public string Name => "triggerinstances";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => ListAsync(request, cancellationToken),
            (0, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (1, "GET") => GetAsync(segments[0], cancellationToken),
            (1, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (2, "POST") when segments[1] == "re_emit" => ReEmitAsync(segments[0], cancellationToken),
            (2, _) when segments[1] == "re_emit" => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "POST")),
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

        var trigger = request.QueryValue("trigger");
        var page = await paging.FetchAsync(
            (limit, token, c) => instances.ListAsync(new TriggerInstanceQuery { Trigger = trigger, Limit = limit, ContinuationToken = token }, c), ct).ConfigureAwait(false);
        return ApiPaging.Answer(page, i => i.ToPlain());
    }

    private async Task<ApiResult> GetAsync(string id, CancellationToken ct) =>
        await instances.GetAsync(id, ct).ConfigureAwait(false) is { } instance
            ? ApiResult.Json(instance.ToPlain())
            : NotFound(id);

    private async Task<ApiResult> ReEmitAsync(string id, CancellationToken ct)
    {
        var original = await instances.GetAsync(id, ct).ConfigureAwait(false);
        if (original is null)
        {
            return NotFound(id);
        }

        try
        {
            // A new instance (new id), as StackStorm's re_emit does: the rules evaluate it afresh.
            var emitted = await dispatcher.DispatchAsync(
                original.Trigger,
                new Dictionary<string, object?>(original.Payload, StringComparer.Ordinal),
                original.TraceTag,
                triggerParameters: new Dictionary<string, object?>(original.TriggerParameters, StringComparer.Ordinal),
                cancellationToken: ct).ConfigureAwait(false);
            // StackStorm answers 200 with a message (st2 trigger-instance re-emit prints it) and the payload; the new
            // instance's record comes with them, so its id is known.
            var answer = emitted.ToPlain();
            answer["message"] = $"Trigger instance {id} successfully re-sent as {emitted.Id}.";
            return ApiResult.Json(answer);
        }
        catch (InvalidTriggerPayloadException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    private static ApiResult NotFound(string id) => ApiResult.Fault(404, $"Trigger instance {id} was not found.");
}
