using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Api;

/// <summary>Who may call the API: StackStorm's API key, sent as the <c>St2-Api-Key</c> header or <c>st2-api-key</c> query
/// parameter (the same key and the same check as the webhooks' API key), compared in constant time.</summary>
public sealed class ApiKeyGuard
{
    private readonly byte[]? key;
    private readonly bool open;

    private ApiKeyGuard(string? key, bool open)
    {
        this.key = string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
        this.open = open;
    }

    /// <summary>No check: <c>sflow serve</c> without <c>SFLOW_API_KEY</c>, listening on loopback.</summary>
    public static ApiKeyGuard Open { get; } = new(null, open: true);

    /// <summary>Requires <paramref name="key"/>; with no key configured every request is refused (403), never let through.</summary>
    public static ApiKeyGuard Require(string? key) => new(key, open: false);

    /// <summary>The guard <c>sflow serve</c> uses: the key when one is set, otherwise open.</summary>
    public static ApiKeyGuard ForLocalServer(string? key) => string.IsNullOrEmpty(key) ? Open : Require(key);

    /// <summary>Null when the request may proceed, otherwise the 401 (no key sent) or 403 (wrong key, or none configured) answer.</summary>
    public ApiResult? Check(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (open)
        {
            return null;
        }

        var presented = request.Headers.TryGetValue(WebhookHeaders.ApiKey, out var header) && header.Length > 0
            ? header
            : request.QueryValue(WebhookHeaders.ApiKeyQueryParameter);
        if (string.IsNullOrEmpty(presented))
        {
            return ApiResult.Fault(401, $"Missing API key: send the {WebhookHeaders.ApiKey} header.");
        }

        return key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), key)
            ? null
            : ApiResult.Fault(403, "Invalid API key.");
    }
}
