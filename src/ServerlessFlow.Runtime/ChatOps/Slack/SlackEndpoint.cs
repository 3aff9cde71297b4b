using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.ChatOps.Slack;

/// <summary>
/// The Slack endpoint of ChatOps (<c>POST /chatops/slack</c> in <c>sflow serve</c>, <c>/api/chatops/slack</c> in the Functions
/// app): verifies the request (<see cref="SlackRequestVerifier"/>), answers Slack at once (its 3-second limit) and runs the
/// command with <see cref="ChatHandler"/> in the background, answering through the slash command's response URL or in the
/// message's thread. Slash commands (form-encoded <c>text</c>, <c>user_name</c>, <c>channel_name</c>, <c>response_url</c>)
/// and the Events API (<c>url_verification</c>; <c>event_callback</c> with <c>app_mention</c>, or <c>message</c> starting
/// with <c>!</c>; bot messages ignored; an <c>event_id</c> seen before is not run again) are taken.
/// </summary>
public sealed partial class SlackEndpoint
{
    private readonly SlackOptions options;
    private readonly SlackRequestVerifier verifier;
    private readonly HttpClient http;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> running = new();

    /// <summary>Creates the endpoint (one per host: it remembers the signatures and event ids it has seen);
    /// <paramref name="http"/> posts the answers.</summary>
    public SlackEndpoint(SlackOptions options, HttpClient http, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.http = http;
        this.time = time;
        this.logger = logger;
        verifier = new SlackRequestVerifier(options, time);
    }

    /// <summary>Commands still being answered (for a host that drains them on shutdown, and for tests).</summary>
    public IReadOnlyCollection<Task> Running => running.Keys.ToList();

    /// <summary>Handles one request from Slack with <paramref name="handler"/> (the command is matched and its executions
    /// started within the request; the answers are posted in the background); <see cref="ApiRequest.ConsoleUrl"/> is where
    /// answers link executions.</summary>
    public async Task<ApiResult> HandleAsync(ApiRequest request, ChatHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        if (request.Method != "POST")
        {
            return ApiResult.Fault(405, "The Slack endpoint takes POST.", new Dictionary<string, string> { ["Allow"] = "POST" });
        }

        var body = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, ApiBody.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return ApiResult.Fault(413, $"Request body is larger than {ApiBody.MaxBytes} bytes.");
        }

        if (verifier.Verify(request.Headers, body) is { } refusal)
        {
            return ApiResult.Fault(401, refusal);
        }

        var text = Encoding.UTF8.GetString(body);
        var mediaType = request.Headers.TryGetValue("Content-Type", out var contentType) ? WebhookRequestParser.MediaType(contentType) : string.Empty;
        var (command, replier, answer) = mediaType == "application/json" ? Event(text, request.ConsoleUrl) : SlashCommand(text, request.ConsoleUrl);
        if (command is not null && replier is not null)
        {
            var trimmed = command.Text.Trim();
            var run = await handler.StartAsync(command with { Text = trimmed.StartsWith('!') ? trimmed[1..] : trimmed }, cancellationToken).ConfigureAwait(false);
            Answer(handler, run, replier);
        }

        return answer;
    }

    private (ChatCommand? Command, IChatReplier? Replier, ApiResult Answer) SlashCommand(string body, string? consoleUrl)
    {
        var form = System.Web.HttpUtility.ParseQueryString(body);
        if (form["response_url"] is not { Length: > 0 } responseUrl
            || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var target)
            || !responseUrl.StartsWith(options.ResponseUrlPrefix, StringComparison.Ordinal))
        {
            return (null, null, ApiResult.Fault(400, $"A slash command needs a response_url under {options.ResponseUrlPrefix}."));
        }

        var command = new ChatCommand
        {
            Text = Unescape(form["text"] ?? string.Empty),
            User = form["user_name"] ?? form["user_id"],
            Channel = form["channel_name"] ?? form["channel_id"],
            Source = "slack",
            ConsoleUrl = consoleUrl,
        };
        return (command, SlackReplier.ToResponseUrl(http, target), ApiResult.Text(string.Empty));
    }

    private (ChatCommand? Command, IChatReplier? Replier, ApiResult Answer) Event(string body, string? consoleUrl)
    {
        if (!JsonText.TryParse(body, out var parsed, out var error) || parsed is not Dictionary<string, object?> payload)
        {
            return (null, null, ApiResult.Fault(400, $"The Events API request is not a JSON object: {error}"));
        }

        switch (payload.GetValueOrDefault("type"))
        {
            case "url_verification":
                return (null, null, ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["challenge"] = payload.GetValueOrDefault("challenge") }));
            case "event_callback":
                break;
            default:
                return (null, null, ApiResult.Text(string.Empty));
        }

        if (payload.GetValueOrDefault("event") is not Dictionary<string, object?> message
            || message.GetValueOrDefault("bot_id") is not null
            || message.GetValueOrDefault("subtype") is not null
            || message.GetValueOrDefault("text") is not string typed
            || message.GetValueOrDefault("channel") is not string channel
            || message.GetValueOrDefault("ts") is not string ts)
        {
            return (null, null, ApiResult.Text(string.Empty));
        }

        // Slack sends an event again when the answer was late: it is run once.
        var now = time.GetUtcNow();
        if (payload.GetValueOrDefault("event_id") is string eventId && !events.TryAdd(eventId, now))
        {
            return (null, null, ApiResult.Text(string.Empty));
        }

        foreach (var (old, at) in events)
        {
            if (now - at > TimeSpan.FromHours(1))
            {
                events.TryRemove(old, out _);
            }
        }

        var commandText = Unescape(Mention().Replace(typed, string.Empty, 1)).Trim();
        if (message.GetValueOrDefault("type") is "message")
        {
            if (!commandText.StartsWith('!'))
            {
                return (null, null, ApiResult.Text(string.Empty));
            }
        }
        else if (message.GetValueOrDefault("type") is not "app_mention")
        {
            return (null, null, ApiResult.Text(string.Empty));
        }

        if (options.BotToken is null)
        {
            logger.LogWarning("A Slack message asked for a command but no bot token is configured (SFLOW_SLACK_BOT_TOKEN): it cannot be answered.");
            return (null, null, ApiResult.Text(string.Empty));
        }

        var command = new ChatCommand
        {
            Text = commandText.TrimStart('!'),
            User = message.GetValueOrDefault("user") as string,
            Channel = channel,
            Source = "slack",
            ConsoleUrl = consoleUrl,
        };
        return (command, SlackReplier.ToThread(http, options, channel, message.GetValueOrDefault("thread_ts") as string ?? ts), ApiResult.Text(string.Empty));
    }

    private void Answer(ChatHandler handler, ChatRun run, IChatReplier replier)
    {
        var answer = Task.Run(async () =>
        {
            try
            {
                await handler.AnswerAsync(run, replier, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Nobody awaits the answer: whatever stopped it is logged instead of being lost.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "A Slack command from {User} in {Channel} could not be answered.", run.Command.User, run.Command.Channel);
            }
        });
        running.TryAdd(answer, true);
        _ = answer.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
    }

    // Slack escapes &, < and > in message text.
    private static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*<@[A-Z0-9]+(\|[^>]*)?>[\s:,]*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Mention();
}
