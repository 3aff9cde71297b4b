namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>A parsed, authenticated webhook request, ready to become trigger instances.</summary>
/// <param name="Hook">The webhook url with leading and trailing slashes removed (StackStorm's normalisation).</param>
/// <param name="Headers">Request headers without credentials (API key, auth token, cookies) or the trace tag.</param>
/// <param name="Body">The body in the plain value model: JSON value, form fields as name → list of values, or text.</param>
/// <param name="TraceTag">The caller's <c>St2-Trace-Tag</c>, or null (the dispatcher makes one).</param>
/// <param name="DeliveryId">The sender's delivery id (GitHub's <c>X-GitHub-Delivery</c>), stable across the sender's retries, or null.</param>
public sealed record WebhookRequest(
    string Hook,
    IReadOnlyDictionary<string, string> Headers,
    object? Body,
    string? TraceTag,
    string? DeliveryId)
{
    /// <summary>The verified signature of a signed webhook (see <see cref="WebhookAuthenticator"/>), or null: it names the
    /// trigger instance, so a replayed request is the same instance.</summary>
    public string? SignedNonce { get; init; }

    /// <summary>True for the generic <c>st2</c> webhook, whose body names the trigger.</summary>
    public bool IsSystemHook => Hook == WebhookRequestParser.SystemHook;

    /// <summary>StackStorm's <c>core.st2.webhook</c> payload: headers, headers with lower-case names, body.</summary>
    public Dictionary<string, object?> ToTriggerPayload()
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        var lower = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
            lower[name.ToLowerInvariant()] = value;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["headers"] = headers,
            ["headers_lower"] = lower,
            ["body"] = Body,
        };
    }
}
