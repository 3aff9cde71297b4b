namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>The signature check configured for one webhook url.</summary>
/// <param name="Scheme">Which header format is expected.</param>
/// <param name="Secret">The HMAC key (UTF-8).</param>
public sealed record WebhookSignatureSettings(WebhookSignatureScheme Scheme, string Secret)
{
    /// <summary>Hides the secret from logs and exception messages.</summary>
    public override string ToString() => $"WebhookSignatureSettings {{ Scheme = {Scheme} }}";
}
