namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Bounds on webhook requests.</summary>
/// <param name="MaxBodyBytes">Largest body accepted; larger requests get 413 before the body is read past the limit.</param>
/// <param name="ReplayWindow">How far a signed timestamp may be from now, either way.</param>
public sealed record WebhookLimits(int MaxBodyBytes, TimeSpan ReplayWindow)
{
    /// <summary>1 MiB bodies, five minutes of clock skew or delay.</summary>
    public static WebhookLimits Default { get; } = new(1024 * 1024, TimeSpan.FromMinutes(5));
}
