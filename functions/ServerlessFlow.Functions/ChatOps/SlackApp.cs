using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.ChatOps.Slack;

namespace ServerlessFlow.Functions.ChatOps;

/// <summary>The app's Slack endpoint, one per worker process (it remembers the request signatures and event ids it has
/// seen): configured from the app settings <c>SFLOW_SLACK_SIGNING_SECRET</c>, <c>SFLOW_SLACK_BOT_TOKEN</c> (Key Vault
/// references in Azure), <c>SFLOW_SLACK_API_URL</c>, <c>SFLOW_SLACK_RESPONSE_URL_PREFIX</c>; null without a signing secret.</summary>
internal sealed class SlackApp(IConfiguration configuration, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private SlackEndpoint? endpoint;
    private bool read;

    /// <summary>The endpoint, or null when no Slack app is configured.</summary>
    public SlackEndpoint? Endpoint
    {
        get
        {
            lock (http)
            {
                if (!read)
                {
                    endpoint = SlackOptions.FromEnvironment(name => configuration[name]) is { } options
                        ? new SlackEndpoint(options, http, time, loggers.CreateLogger<SlackEndpoint>())
                        : null;
                    read = true;
                }

                return endpoint;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();
}
