namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>How a webhook's requests are signed.</summary>
public enum WebhookSignatureScheme
{
    /// <summary>GitHub: <c>X-Hub-Signature-256: sha256=HMAC(secret, body)</c>. GitHub signs no timestamp,
    /// so replays are caught by the delivery id instead (it seeds the trigger-instance id).</summary>
    GitHub,

    /// <summary>Generic: <c>X-Sflow-Timestamp</c> plus <c>X-Sflow-Signature: v1=HMAC(secret, "v1:{timestamp}:{body}")</c>,
    /// rejected outside the replay window.</summary>
    SharedSecret,
}
