using System.Globalization;
using Microsoft.Extensions.Configuration;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Configuration;

/// <summary>The app settings the Functions app needs, read once at start-up and checked, so a
/// mistake in the deployment is one clear error naming the setting rather than a failure later.</summary>
internal sealed record FunctionSettings
{
    /// <summary>The platform's setting holding the app's default host name (set by App Service, not by the template).</summary>
    public const string WebsiteHostName = "WEBSITE_HOSTNAME";

    /// <summary>Where trigger instances go.</summary>
    public required TriggerBusKind TriggerBus { get; init; }

    /// <summary>Trigger-instance queue name.</summary>
    public required string TriggerQueue { get; init; }

    /// <summary>Webhook body and replay bounds.</summary>
    public required WebhookLimits WebhookLimits { get; init; }

    /// <summary>How far back each timer tick looks.</summary>
    public required TimeSpan TimerLookback { get; init; }

    /// <summary>API key and per-webhook signature checks.</summary>
    public required WebhookAuthSettings WebhookAuth { get; init; }

    /// <summary>The API base URL workflows read as <c>ctx().st2.api_url</c>.</summary>
    public required string ApiUrl { get; init; }

    /// <summary>Encrypts secret key-value pairs at rest; null when <c>SFLOW_DATASTORE_KEY</c> is not set (secrets are then refused).</summary>
    public SecretCipher? DatastoreCipher { get; init; }

    /// <summary>Reads and validates the settings; throws <see cref="InvalidOperationException"/> naming the bad setting.</summary>
    public static FunctionSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var triggerBus = configuration[AppSettingNames.TriggerBus] switch
        {
            null or "" or "StorageQueue" => TriggerBusKind.StorageQueue,
            "ServiceBus" => TriggerBusKind.ServiceBus,
            var other => throw new InvalidOperationException(
                $"App setting {AppSettingNames.TriggerBus} is \"{other}\"; expected \"ServiceBus\" or \"StorageQueue\"."),
        };
        if (triggerBus == TriggerBusKind.ServiceBus && !RuleEvaluationTriggers.ServiceBusCompiled)
        {
            throw new InvalidOperationException(
                $"App setting {AppSettingNames.TriggerBus} is ServiceBus, but this build has no Service Bus trigger: publish with -p:ServiceBusTrigger=true, or set {AppSettingNames.TriggerBus}=StorageQueue.");
        }

        var queue = configuration[AppSettingNames.TriggerQueue];
        if (string.IsNullOrWhiteSpace(queue))
        {
            throw new InvalidOperationException($"App setting {AppSettingNames.TriggerQueue} is missing: name the trigger-instance queue.");
        }

        var limits = new WebhookLimits(
            ReadInt(configuration, AppSettingNames.WebhookMaxBodyBytes, WebhookLimits.Default.MaxBodyBytes, 1, int.MaxValue - 1),
            TimeSpan.FromSeconds(ReadInt(configuration, AppSettingNames.WebhookReplayWindowSeconds, (int)WebhookLimits.Default.ReplayWindow.TotalSeconds, 1, 86400)));
        WebhookAuthSettings auth;
        try
        {
            auth = WebhookAuthSettings.Parse(configuration[AppSettingNames.WebhookAuth], configuration[AppSettingNames.ApiKey], AppSettingNames.WebhookAuth);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        SecretCipher? cipher = null;
        if (!string.IsNullOrWhiteSpace(configuration[AppSettingNames.DatastoreKey]))
        {
            try
            {
                cipher = new SecretCipher(configuration[AppSettingNames.DatastoreKey]!);
            }
            catch (ArgumentException ex)
            {
                // The message names the problem (length, base64) but never echoes the key.
                throw new InvalidOperationException($"App setting {AppSettingNames.DatastoreKey}: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
            }
        }

        var lookback = TimeSpan.FromSeconds(ReadInt(configuration, AppSettingNames.TimerLookbackSeconds, 300, 1, 86400));
        return new FunctionSettings
        {
            TriggerBus = triggerBus,
            TriggerQueue = queue,
            WebhookLimits = limits,
            WebhookAuth = auth,
            TimerLookback = lookback,
            DatastoreCipher = cipher,
            ApiUrl = ReadApiUrl(configuration),
        };
    }

    /// <summary>
    /// <c>SFLOW_API_URL</c> when set; otherwise the app's own address from <c>WEBSITE_HOSTNAME</c>, which App Service sets
    /// to the default host name (https) and the Functions Core Tools to <c>localhost:7071</c> (http); with neither, the
    /// Core Tools' default address. Throws naming the setting when it is not an absolute http(s) URL.
    /// </summary>
    private static string ReadApiUrl(IConfiguration configuration)
    {
        if (configuration[AppSettingNames.ApiUrl] is { Length: > 0 } configured)
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"App setting {AppSettingNames.ApiUrl} is \"{configured}\"; expected an absolute http or https URL such as https://automation.example.com/api/v1.");
            }

            return configured.TrimEnd('/');
        }

        var host = configuration[WebsiteHostName] is { Length: > 0 } name ? name : "localhost:7071";
        var local = host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal);
        return $"{(local ? "http" : "https")}://{host}/api/v1";
    }

    private static int ReadInt(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"App setting {name} is \"{text}\"; expected a whole number from {min} to {max}.");
        }

        return value;
    }
}
