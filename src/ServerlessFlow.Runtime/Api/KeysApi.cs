using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/keys</c>: <c>GET</c> lists (filter <c>prefix</c>), <c>GET {name}</c>, <c>PUT {name}</c> with
/// <c>{"value": "…", "secret": false, "ttl": seconds, "scope": "user"}</c> and <c>DELETE {name}</c>. <c>scope</c> (query, or the
/// body of a PUT) is StackStorm's: <c>system</c> / <c>st2kv.system</c> (default), <c>user</c> / <c>st2kv.user</c> (the caller's
/// own keys; <c>user</c> names another user, as an st2 admin may), and <c>all</c> for a list of both. Secret values stay ciphertext unless the
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
            (1, "DELETE") => DeleteAsync(segments[0], request, cancellationToken),
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

        if (!TryReadScope(request.QueryValue("scope"), allowAll: true, out var scope, out fault))
        {
            return fault!;
        }

        var prefix = request.QueryValue("prefix") ?? string.Empty;
        var user = request.QueryValue("user") ?? DefaultUser;
        var pairs = scope is { } one
            ? await keys.ListAsync(prefix, one, one == KeyValueScope.User ? user : null, ct).ConfigureAwait(false)
            : [.. await keys.ListAsync(prefix, KeyValueScope.System, null, ct).ConfigureAwait(false), .. await keys.ListAsync(prefix, KeyValueScope.User, user, ct).ConfigureAwait(false)];
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

        if (!TryReadScope(request.QueryValue("scope"), allowAll: false, out var scope, out fault))
        {
            return fault!;
        }

        if (await keys.GetAsync(name, scope!.Value, UserOf(scope.Value, request.QueryValue("user")), ct).ConfigureAwait(false) is not { } pair)
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

        if (fields.GetValueOrDefault("scope") is not (null or string) || fields.GetValueOrDefault("user") is not (null or string))
        {
            return ApiResult.Fault(400, "Fields \"scope\" and \"user\" must be strings.");
        }

        if (!TryReadScope(fields.GetValueOrDefault("scope") as string ?? request.QueryValue("scope"), allowAll: false, out var scope, out var fault))
        {
            return fault!;
        }

        try
        {
            var pair = await keys.SetAsync(
                name,
                value,
                scope!.Value,
                UserOf(scope.Value, fields.GetValueOrDefault("user") as string ?? request.QueryValue("user")),
                secret: fields.GetValueOrDefault("secret") is true,
                ttlSeconds: fields.GetValueOrDefault("ttl") as long?,
                cancellationToken: ct).ConfigureAwait(false);
            return ApiResult.Json(pair.ToPlain());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ApiResult.Fault(400, ex.Message);
        }
    }

    private async Task<ApiResult> DeleteAsync(string name, ApiRequest request, CancellationToken ct)
    {
        if (!TryReadScope(request.QueryValue("scope"), allowAll: false, out var scope, out var fault))
        {
            return fault!;
        }

        return await keys.DeleteAsync(name, scope!.Value, UserOf(scope.Value, request.QueryValue("user")), ct).ConfigureAwait(false)
            ? ApiResult.NoContent()
            : NotFound(name);
    }

    /// <summary>Who "the caller" is for user-scoped keys: holding the API key is the only identity here, and st2's default
    /// user (the one executions run as) owns them unless the request names another.</summary>
    public const string DefaultUser = "stanley";

    private static string? UserOf(KeyValueScope scope, string? given) => scope == KeyValueScope.User ? given ?? DefaultUser : null;

    /// <summary>Reads st2's scope names; null scope (with <paramref name="allowAll"/>) means both.</summary>
    private static bool TryReadScope(string? text, bool allowAll, out KeyValueScope? scope, out ApiResult? fault)
    {
        fault = null;
        scope = text switch
        {
            null or "" or "system" or "st2kv.system" => KeyValueScope.System,
            "user" or "st2kv.user" => KeyValueScope.User,
            _ => null,
        };
        if (scope is not null || (allowAll && text == "all"))
        {
            return true;
        }

        fault = ApiResult.Fault(400, $"Scope \"{text}\" is not one of system, st2kv.system, user, st2kv.user{(allowAll ? ", all" : string.Empty)}.");
        return false;
    }

    private static ApiResult NotFound(string name) => ApiResult.Fault(404, $"Key {name} was not found.");
}
