using System.Net.Http.Headers;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.ChatOps.Slack;

/// <summary>Posts answers to Slack: to a slash command's <c>response_url</c> (<c>in_channel</c>), or to a message's thread with
/// <c>chat.postMessage</c> and the bot token. Text is escaped as Slack asks (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so
/// nothing an action printed becomes a mention or a link.</summary>
public sealed class SlackReplier : IChatReplier
{
    private readonly HttpClient http;
    private readonly Uri target;
    private readonly string? botToken;
    private readonly string? channel;
    private readonly string? threadTs;

    private SlackReplier(HttpClient http, Uri target, string? botToken, string? channel, string? threadTs)
    {
        this.http = http;
        this.target = target;
        this.botToken = botToken;
        this.channel = channel;
        this.threadTs = threadTs;
    }

    /// <summary>Answers through a slash command's response URL.</summary>
    public static SlackReplier ToResponseUrl(HttpClient http, Uri responseUrl) => new(http, responseUrl, null, null, null);

    /// <summary>Answers in a thread with <c>chat.postMessage</c>.</summary>
    public static SlackReplier ToThread(HttpClient http, SlackOptions options, string channel, string threadTs)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(http, new Uri(options.ApiUrl, "chat.postMessage"), options.BotToken, channel, threadTs);
    }

    /// <summary>Slack's escaping of message text.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["text"] = Escape(text) };
        if (channel is null)
        {
            body["response_type"] = "in_channel";
        }
        else
        {
            body["channel"] = channel;
            body["thread_ts"] = threadTs;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(JsonText.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (channel is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", botToken);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Slack answered {(int)response.StatusCode} to a post to {target.GetLeftPart(UriPartial.Path)}.");
        }

        // chat.postMessage answers 200 with {"ok": false, "error": …} when it refuses.
        if (channel is not null && (!JsonText.TryParse(answer, out var parsed, out _) || parsed is not Dictionary<string, object?> result || result.GetValueOrDefault("ok") is not true))
        {
            throw new HttpRequestException($"Slack refused chat.postMessage: {(parsed as Dictionary<string, object?>)?.GetValueOrDefault("error") ?? "no answer"}.");
        }
    }
}
