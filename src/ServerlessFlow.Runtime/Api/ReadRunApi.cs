using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// The read/run API both hosts serve under <c>/api/v1/</c>: the key check, then the resource named by the first path segment
/// (executions, triggerinstances, ruleenforcements, keys, inquiries, actions). Hosts only translate their HTTP request into an
/// <see cref="ApiRequest"/> and the <see cref="ApiResult"/> back.
/// </summary>
public sealed class ReadRunApi
{
    private readonly ApiKeyGuard guard;
    private readonly Dictionary<string, IApiResource> resources;

    /// <summary>Creates the API from its guard and resources (each name once).</summary>
    public ReadRunApi(ApiKeyGuard guard, IEnumerable<IApiResource> resources)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(resources);
        this.guard = guard;
        this.resources = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>The resource names, in no particular order.</summary>
    public IReadOnlyCollection<string> ResourceNames => resources.Keys;

    /// <summary>Answers a request for <c>/api/v1/{resource}/{request.Path}</c>.</summary>
    public async Task<ApiResult> HandleAsync(string resource, ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(request);
        if (guard.Check(request) is { } denied)
        {
            return denied;
        }

        if (!resources.TryGetValue(resource, out var handler))
        {
            return ApiResult.Fault(404, $"No resource /api/v1/{resource}: ServerlessFlow serves {string.Join(", ", resources.Keys.Order(StringComparer.Ordinal))}.");
        }

        try
        {
            var result = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            result = ApiAttributes.DropUnset(result);
            return handler.SelectsAttributes ? ApiAttributes.Apply(request, result) : result;
        }
        catch (ConcurrencyConflictException ex)
        {
            // Another writer changed the record between our read and write; the client may retry.
            return ApiResult.Fault(409, ex.Message);
        }
    }
}
