using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/keys</c> (system scope): <c>GET</c> lists (filter <c>prefix</c>), <c>GET {name}</c>, <c>PUT {name}</c> with
/// <c>{"value": "…", "secret": false, "ttl": seconds}</c> and <c>DELETE {name}</c>. Secret values stay ciphertext unless the
/// <c>GET</c> carries <c>decrypt=true</c> (st2 limits that to admins; here the API key holder is the only identity).</summary>
public sealed class KeysApi : IApiResource
{
    private readonly KeyValueService keys;

    /// <summary>Creates the resource over the datastore use case.</summary>
    public KeysApi(KeyValueService keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = keys;
    }

    /// <inheritdoc/>
    public string Name => "keys";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => ListAsync(request, cancellationToken),
            (0, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (1, "GET") => GetAsync(segments[0], request, cancellationToken),
            (1, "PUT") => SetAsync(segments[0], request, cancellationToken),
            (1, "DELETE") => DeleteAsync(segments[0], cancellationToken),
            (1, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET", "PUT", "DELETE")),
            _ => Task.FromResult(ApiRoutes.NotFound(Name, request)),
        };
    }

    private async Task<ApiResult> ListAsync(ApiRequest request, CancellationToken ct)
    {
        if (!TryReadDecrypt(request, out var decrypt, out var fault))
        {
            return fault!;
        }

        var pairs = await keys.ListAsync(request.QueryValue("prefix") ?? string.Empty, cancellationToken: ct).ConfigureAwait(false);
        try
        {
            return ApiResult.Json(pairs.Select(p => (object?)Shape(p, decrypt)).ToList());
        }
        catch (InvalidOperationException ex)
        {
            return ApiResult.Fault(500, ex.Message);
        }
    }

    private async Task<ApiResult> GetAsync(string name, ApiRequest request, CancellationToken ct)
    {
        if (!TryReadDecrypt(request, out var decrypt, out var fault))
        {
            return fault!;
        }

        if (await keys.GetAsync(name, cancellationToken: ct).ConfigureAwait(false) is not { } pair)
        {
            return NotFound(name);
        }

        try
        {
            return ApiResult.Json(Shape(pair, decrypt));
        }
        catch (InvalidOperationException ex)
        {
            return ApiResult.Fault(500, ex.Message);
        }
    }

    /// <summary>The API shape of a pair; with <paramref name="decrypt"/> a secret's value is clear text and
    /// <c>encrypted</c> is false, as st2 answers.</summary>
    private Dictionary<string, object?> Shape(KeyValuePairState pair, bool decrypt)
    {
        var plain = pair.ToPlain();
        if (decrypt && pair.Secret)
        {
            plain["value"] = keys.Reveal(pair, decrypt: true);
            plain["encrypted"] = false;
        }

        return plain;
    }

    private static bool TryReadDecrypt(ApiRequest request, out bool decrypt, out ApiResult? fault)
    {
        fault = null;
        decrypt = false;
        switch (request.QueryValue("decrypt")?.ToLowerInvariant())
        {
            case null or "false" or "0":
                return true;
            case "true" or "1":
                decrypt = true;
                return true;
            default:
                fault = ApiResult.Fault(400, $"Query parameter \"decrypt\" must be true or false, not \"{request.QueryValue("decrypt")}\".");
                return false;
        }
    }

    private async Task<ApiResult> SetAsync(string name, ApiRequest request, CancellationToken ct)
    {
        var (fields, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (fields is null)
        {
            return error!;
        }

        if (fields.GetValueOrDefault("value") is not string value)
        {
            return ApiResult.Fault(400, "Field \"value\" must be a string.");
        }

        if (fields.GetValueOrDefault("secret") is not (null or bool))
        {
            return ApiResult.Fault(400, "Field \"secret\" must be true or false.");
        }

        if (fields.GetValueOrDefault("ttl") is not (null or long))
        {
            return ApiResult.Fault(400, "Field \"ttl\" must be a whole number of seconds.");
        }

        try
        {
            var pair = await keys.SetAsync(
                name, value, secret: fields.GetValueOrDefault("secret") is true, ttlSeconds: fields.GetValueOrDefault("ttl") as long?, cancellationToken: ct).ConfigureAwait(false);
            return ApiResult.Json(pair.ToPlain());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    private async Task<ApiResult> DeleteAsync(string name, CancellationToken ct) =>
        await keys.DeleteAsync(name, cancellationToken: ct).ConfigureAwait(false)
            ? ApiResult.NoContent()
            : NotFound(name);

    private static ApiResult NotFound(string name) => ApiResult.Fault(404, $"Key {name} was not found.");
}
