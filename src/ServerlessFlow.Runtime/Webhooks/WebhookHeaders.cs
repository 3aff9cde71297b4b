namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Header names of the webhook contract (StackStorm's, plus the signature schemes).</summary>
public static class WebhookHeaders
{
    /// <summary>StackStorm's API key header; also accepted as the <c>st2-api-key</c> query parameter.</summary>
    public const string ApiKey = "St2-Api-Key";

    /// <summary>The query-string form of the API key (StackStorm accepts both).</summary>
    public const string ApiKeyQueryParameter = "st2-api-key";

    /// <summary>StackStorm's auth token header; never stored in a trigger instance.</summary>
    public const string AuthToken = "X-Auth-Token";

    /// <summary>Cookies are credentials too; never stored in a trigger instance.</summary>
    public const string Cookie = "Cookie";

    /// <summary>Trace tag given by the caller; one is made up when absent.</summary>
    public const string TraceTag = "St2-Trace-Tag";

    /// <summary>GitHub's HMAC-SHA256 of the body: <c>sha256=&lt;hex&gt;</c>.</summary>
    public const string GitHubSignature = "X-Hub-Signature-256";

    /// <summary>GitHub's delivery id (a GUID), the same on GitHub's own redeliveries.</summary>
    public const string GitHubDelivery = "X-GitHub-Delivery";

    /// <summary>Shared-secret scheme signature: <c>v1=&lt;hex HMAC-SHA256 of "v1:{timestamp}:{body}"&gt;</c>.</summary>
    public const string Signature = "X-Sflow-Signature";

    /// <summary>Shared-secret scheme timestamp (Unix seconds), covered by the signature.</summary>
    public const string Timestamp = "X-Sflow-Timestamp";
}
