using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Checks a webhook request's credential before anything is parsed or stored: the webhook's
/// signature when one is configured for its url, the API key otherwise. Pure apart from the clock
/// value passed in; comparisons are constant-time.</summary>
public sealed class WebhookAuthenticator
{
    private readonly WebhookAuthSettings settings;
    private readonly WebhookLimits limits;

    /// <summary>Creates an authenticator over the given settings and limits.</summary>
    public WebhookAuthenticator(WebhookAuthSettings settings, WebhookLimits limits)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.limits = limits ?? throw new ArgumentNullException(nameof(limits));
    }

    /// <summary>Returns null when the request may proceed, otherwise the rejection (401 no credential, 403 wrong or stale).</summary>
    /// <param name="hook">The webhook url after <c>/api/v1/webhooks/</c>.</param>
    /// <param name="headers">Request headers, looked up case-insensitively.</param>
    /// <param name="queryApiKey">The <c>st2-api-key</c> query parameter, if any.</param>
    /// <param name="body">The raw body bytes, as signed by the sender.</param>
    /// <param name="now">The current time (from the host's TimeProvider).</param>
    public WebhookRejection? Authenticate(
        string hook,
        IReadOnlyDictionary<string, string> headers,
        string? queryApiKey,
        ReadOnlySpan<byte> body,
        DateTimeOffset now) => Authenticate(hook, headers, queryApiKey, body, now, out _);

    /// <summary>As <see cref="Authenticate(string, IReadOnlyDictionary{string, string}, string?, ReadOnlySpan{byte}, DateTimeOffset)"/>;
    /// for a signed webhook <paramref name="signedNonce"/> is the verified signature, which names exactly the signed data (body, and
    /// the timestamp where the scheme signs one). The same signed request sent again has the same nonce, so the trigger instance it
    /// names is stored, and run, once: that is the replay protection, whatever unsigned headers (a delivery id) say.</summary>
    public WebhookRejection? Authenticate(
        string hook,
        IReadOnlyDictionary<string, string> headers,
        string? queryApiKey,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        out string? signedNonce)
    {
        ArgumentNullException.ThrowIfNull(headers);
        signedNonce = null;
        var signature = settings.SignatureFor(hook);
        if (signature is null)
        {
            return CheckApiKey(headers, queryApiKey);
        }

        var rejection = signature.Scheme switch
        {
            WebhookSignatureScheme.GitHub => CheckGitHub(signature.Secret, headers, body),
            WebhookSignatureScheme.SharedSecret => CheckSharedSecret(signature.Secret, headers, body, now),
            _ => new WebhookRejection(403, $"Webhook \"{hook}\" has an unknown signature scheme."),
        };
        if (rejection is null)
        {
            signedNonce = signature.Scheme == WebhookSignatureScheme.GitHub ? headers[WebhookHeaders.GitHubSignature] : headers[WebhookHeaders.Signature];
        }

        return rejection;
    }

    /// <summary>Computes the GitHub header value <c>sha256=&lt;hex&gt;</c> for a body (senders and tests use it).</summary>
    public static string GitHubSignature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Computes the shared-secret header value <c>v1=&lt;hex&gt;</c> over <c>v1:{timestamp}:{body}</c>.</summary>
    public static string SharedSecretSignature(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v1:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private WebhookRejection? CheckApiKey(IReadOnlyDictionary<string, string> headers, string? queryApiKey)
    {
        var presented = headers.TryGetValue(WebhookHeaders.ApiKey, out var header) && header.Length > 0 ? header : queryApiKey;
        if (string.IsNullOrEmpty(presented))
        {
            return new WebhookRejection(401, $"Missing API key: send the {WebhookHeaders.ApiKey} header.");
        }

        if (settings.ApiKey is null || !FixedTimeEquals(presented, settings.ApiKey))
        {
            return new WebhookRejection(403, "Invalid API key.");
        }

        return null;
    }

    private static WebhookRejection? CheckGitHub(string secret, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        if (!headers.TryGetValue(WebhookHeaders.GitHubSignature, out var presented) || presented.Length == 0)
        {
            return new WebhookRejection(401, $"Missing signature: this webhook requires the {WebhookHeaders.GitHubSignature} header.");
        }

        if (!presented.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return new WebhookRejection(403, $"Invalid signature: {WebhookHeaders.GitHubSignature} must start with \"sha256=\".");
        }

        return FixedTimeEquals(presented, GitHubSignature(secret, body))
            ? null
            : new WebhookRejection(403, $"Invalid signature in {WebhookHeaders.GitHubSignature}.");
    }

    private WebhookRejection? CheckSharedSecret(string secret, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        headers.TryGetValue(WebhookHeaders.Signature, out var presented);
        headers.TryGetValue(WebhookHeaders.Timestamp, out var timestamp);
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(timestamp))
        {
            return new WebhookRejection(401, $"Missing signature: this webhook requires the {WebhookHeaders.Timestamp} and {WebhookHeaders.Signature} headers.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new WebhookRejection(403, $"Invalid {WebhookHeaders.Timestamp}: expected Unix seconds.");
        }

        // Verify the signature first so an attacker cannot learn the window from unsigned probes.
        if (!FixedTimeEquals(presented, SharedSecretSignature(secret, timestamp, body)))
        {
            return new WebhookRejection(403, $"Invalid signature in {WebhookHeaders.Signature}.");
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > limits.ReplayWindow)
        {
            return new WebhookRejection(403,
                $"{WebhookHeaders.Timestamp} is outside the replay window of {limits.ReplayWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        return null;
    }

    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
