namespace ServerlessFlow.Runtime.ChatOps.Slack;

/// <summary>How to reach one Slack app: its signing secret (verifies Slack's requests), its bot token (posts to threads with
/// <c>chat.postMessage</c>), Slack's Web API address and the prefix a slash command's <c>response_url</c> must have. Read from
/// app settings / environment (<see cref="FromEnvironment"/>); never logged.</summary>
public sealed record SlackOptions
{
    /// <summary>The app's signing secret (<c>SFLOW_SLACK_SIGNING_SECRET</c>); without it the endpoint refuses everything.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>The bot token, <c>xoxb-…</c> (<c>SFLOW_SLACK_BOT_TOKEN</c>); needed for Events API messages (answers go to the
    /// thread with <c>chat.postMessage</c>); slash commands answer through their response URL without it.</summary>
    public string? BotToken { get; init; }

    /// <summary>Slack's Web API (<c>SFLOW_SLACK_API_URL</c>, default <c>https://slack.com/api/</c>).</summary>
    public Uri ApiUrl { get; init; } = new("https://slack.com/api/");

    /// <summary>What a <c>response_url</c> must start with (<c>SFLOW_SLACK_RESPONSE_URL_PREFIX</c>, default
    /// <c>https://hooks.slack.com/</c>): answers are never posted anywhere a request names.</summary>
    public string ResponseUrlPrefix { get; init; } = "https://hooks.slack.com/";

    /// <summary>How far a request's <c>X-Slack-Request-Timestamp</c> may be from now (Slack's advice: 5 minutes).</summary>
    public TimeSpan ReplayWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The options from environment variables / app settings; null when no signing secret is set (no Slack endpoint).</summary>
    public static SlackOptions? FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        if (read("SFLOW_SLACK_SIGNING_SECRET") is not { Length: > 0 } secret)
        {
            return null;
        }

        var options = new SlackOptions { SigningSecret = secret, BotToken = read("SFLOW_SLACK_BOT_TOKEN") is { Length: > 0 } token ? token : null };
        if (read("SFLOW_SLACK_API_URL") is { Length: > 0 } api)
        {
            options = options with { ApiUrl = new Uri(api.EndsWith('/') ? api : api + "/") };
        }

        if (read("SFLOW_SLACK_RESPONSE_URL_PREFIX") is { Length: > 0 } prefix)
        {
            options = options with { ResponseUrlPrefix = prefix };
        }

        return options;
    }

    /// <inheritdoc/>
    public override string ToString() => $"SlackOptions {{ ApiUrl = {ApiUrl}, ResponseUrlPrefix = {ResponseUrlPrefix}, secrets not shown }}";
}
