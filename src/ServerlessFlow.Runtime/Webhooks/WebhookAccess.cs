namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Who may post to webhooks, chosen by the host: open (<c>sflow serve</c> on loopback without an API key), or the
/// API key and per-webhook signature checks of <see cref="WebhookAuthSettings"/> (always, in the Functions app).</summary>
public sealed class WebhookAccess
{
    private WebhookAccess(WebhookAuthSettings? settings) => Settings = settings;

    /// <summary>No credential checked.</summary>
    public static WebhookAccess Open { get; } = new(null);

    /// <summary>The checks of <see cref="Settings"/>, or null when open.</summary>
    public WebhookAuthSettings? Settings { get; }

    /// <summary>Requires the API key, or a webhook's signature where one is configured; with neither, every request is refused.</summary>
    public static WebhookAccess Require(WebhookAuthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new WebhookAccess(settings);
    }

    /// <summary>What <c>sflow serve</c> uses: the API key when one is set, otherwise open.</summary>
    public static WebhookAccess ForLocalServer(string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? Open : Require(new WebhookAuthSettings(apiKey, new Dictionary<string, WebhookSignatureSettings>()));
}
