using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Who may post to webhooks: the API key, and per webhook url an optional signature check that replaces it.</summary>
public sealed class WebhookAuthSettings
{
    private readonly Dictionary<string, WebhookSignatureSettings> signatures;

    /// <summary>Creates settings from an API key (null: no key accepted) and signature checks keyed by webhook url.</summary>
    public WebhookAuthSettings(string? apiKey, IReadOnlyDictionary<string, WebhookSignatureSettings> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        this.signatures = new Dictionary<string, WebhookSignatureSettings>(StringComparer.Ordinal);
        foreach (var (hook, settings) in signatures)
        {
            this.signatures[WebhookRequestParser.NormalizeHook(hook)] = settings;
        }
    }

    /// <summary>The API key, or null when none is configured (then only signed webhooks are accepted).</summary>
    public string? ApiKey { get; }

    /// <summary>The webhook urls that have a signature check.</summary>
    public IReadOnlyCollection<string> SignedHooks => signatures.Keys;

    /// <summary>The signature check for a webhook url, or null when the API key guards it.</summary>
    public WebhookSignatureSettings? SignatureFor(string hook) =>
        signatures.TryGetValue(WebhookRequestParser.NormalizeHook(hook), out var settings) ? settings : null;

    /// <summary>Parses the <paramref name="settingName"/> JSON, <c>{"github": {"scheme": "github", "secret": "…"}}</c>;
    /// empty or missing text means no signed webhooks. Throws <see cref="FormatException"/> naming the setting and the webhook.</summary>
    public static WebhookAuthSettings Parse(string? webhookAuthJson, string? apiKey, string settingName = "SFLOW_WEBHOOK_AUTH")
    {
        var result = new Dictionary<string, WebhookSignatureSettings>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(webhookAuthJson))
        {
            return new WebhookAuthSettings(apiKey, result);
        }

        if (!JsonText.TryParse(webhookAuthJson, out var parsed, out var error))
        {
            throw new FormatException($"{settingName} is not valid JSON: {error}");
        }

        if (parsed is not Dictionary<string, object?> hooks)
        {
            throw new FormatException($"{settingName} must be a JSON object keyed by webhook url, got {JsonTypeName(parsed)}.");
        }

        foreach (var (hook, value) in hooks)
        {
            if (value is not Dictionary<string, object?> entry)
            {
                throw new FormatException($"{settingName}: webhook \"{hook}\" must be an object with \"scheme\" and \"secret\", got {JsonTypeName(value)}.");
            }

            var schemeText = entry.TryGetValue("scheme", out var s) ? s as string : null;
            var scheme = schemeText switch
            {
                "github" => WebhookSignatureScheme.GitHub,
                "shared-secret" => WebhookSignatureScheme.SharedSecret,
                _ => throw new FormatException(
                    $"{settingName}: webhook \"{hook}\" has scheme {(schemeText is null ? "missing" : $"\"{schemeText}\"")}; expected \"github\" or \"shared-secret\"."),
            };
            if (!entry.TryGetValue("secret", out var secretValue) || secretValue is not string secret || secret.Length == 0)
            {
                throw new FormatException($"{settingName}: webhook \"{hook}\" needs a non-empty string \"secret\".");
            }

            foreach (var key in entry.Keys)
            {
                if (key is not ("scheme" or "secret"))
                {
                    throw new FormatException($"{settingName}: webhook \"{hook}\" has unknown field \"{key}\"; only \"scheme\" and \"secret\" are read.");
                }
            }

            var normalized = WebhookRequestParser.NormalizeHook(hook);
            if (normalized.Length == 0 || normalized == WebhookRequestParser.SystemHook)
            {
                throw new FormatException($"{settingName}: \"{hook}\" cannot carry a signature check; the st2 webhook is guarded by the API key.");
            }

            result[normalized] = new WebhookSignatureSettings(scheme, secret);
        }

        return new WebhookAuthSettings(apiKey, result);
    }

    internal static string JsonTypeName(object? value) => value switch
    {
        null => "null",
        bool => "boolean",
        long or double => "number",
        string => "string",
        List<object?> => "array",
        Dictionary<string, object?> => "object",
        _ => value.GetType().Name,
    };
}
