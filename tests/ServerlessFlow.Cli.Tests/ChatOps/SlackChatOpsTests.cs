using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Runtime.ChatOps.Slack;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.ChatOps;

/// <summary>ChatOps end to end in <c>sflow serve</c> (in-memory, the repository's packs) against <see cref="FakeSlack"/>: a
/// signed slash command runs <c>core.local</c> through <c>examples.local_shell_cmd</c> and the answers land at the response
/// URL; a mention runs in the message's thread; forged, stale and replayed requests are refused.</summary>
public sealed class SlackChatOpsTests
{
    [Fact]
    public async Task SlashCommand_AliasOfCoreLocal_PostsAckThenFormattedResultToTheResponseUrl()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await StartAsync(slack);
        using var http = new HttpClient();
        var endpoint = host.Url.TrimEnd('/') + "/chatops/slack";
        var okUrl = slack.NewResponseUrl();
        var failUrl = slack.NewResponseUrl();
        var unknownUrl = slack.NewResponseUrl();

        using var ok = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "run local echo chat-ok", okUrl));
        using var fail = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "run local echo broken >&2; exit 3", failUrl));
        using var unknown = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "dance", unknownUrl));
        var okMessages = await slack.MessagesAsync(new Uri(okUrl).AbsolutePath, 2);
        var failMessages = await slack.MessagesAsync(new Uri(failUrl).AbsolutePath, 2);
        var unknownMessages = await slack.MessagesAsync(new Uri(unknownUrl).AbsolutePath, 1);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(string.Empty, await ok.Content.ReadAsStringAsync());
        Assert.All(okMessages, m => Assert.Equal("in_channel", m["response_type"]));
        var ack = (string)okMessages[0]["text"]!;
        Assert.StartsWith("Running `echo chat-ok` (execution ", ack, StringComparison.Ordinal);
        var id = ack["Running `echo chat-ok` (execution ".Length..ack.IndexOf(')', StringComparison.Ordinal)];
        Assert.Equal($"`echo chat-ok` succeeded: chat-ok\n{host.Url.TrimEnd('/')}/#/executions/{id}", okMessages[1]["text"]);

        // The failure is posted too; what the action printed is escaped as Slack asks (the command's ">&2" included).
        Assert.StartsWith("`echo broken &gt;&amp;2; exit 3` failed: broken\n", (string)failMessages[1]["text"]!, StringComparison.Ordinal);

        var help = (string)unknownMessages[0]["text"]!;
        Assert.StartsWith("Command 'dance' matched no patterns. Commands I know:", help, StringComparison.Ordinal);
        Assert.Contains("!run local &lt;cmd&gt; - Run a shell command", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsApi_MentionAndVerification_AnswersChallengeAndRepliesInTheThread()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await StartAsync(slack);
        using var http = new HttpClient();
        var endpoint = host.Url.TrimEnd('/') + "/chatops/slack";

        using var challenge = await http.SendAsync(FakeSlack.Event(endpoint, new() { ["type"] = "url_verification", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" }));
        var mention = new Dictionary<string, object?>
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0001",
            ["event"] = new Dictionary<string, object?>
            {
                ["type"] = "app_mention", ["user"] = "U2147483697", ["text"] = "<@U0LAN0Z89> run local echo in-thread", ["channel"] = "C2147483705", ["ts"] = "1700000000.000100",
            },
        };
        using var first = await http.SendAsync(FakeSlack.Event(endpoint, mention));
        // Slack sends an event again (new timestamp and signature) when it thinks the answer was late: it runs once.
        using var retry = await http.SendAsync(FakeSlack.Event(endpoint, mention, (long.Parse(FakeSlack.Now(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var messages = await slack.MessagesAsync("/api/chat.postMessage", 2);
        await Task.WhenAll(host.Slack!.Running);

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await challenge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, slack.Posts.Count);
        Assert.All(messages, m => Assert.Equal("1700000000.000100", m["thread_ts"]));
        Assert.All(messages, m => Assert.Equal("C2147483705", m["channel"]));
        Assert.StartsWith("`echo in-thread` succeeded: in-thread\n", (string)messages[1]["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_ForgedStaleOrReplayed_IsRefusedAndRunsNothing()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await StartAsync(slack);
        using var client = new ServeClient(host.Url);
        using var http = new HttpClient();
        var endpoint = host.Url.TrimEnd('/') + "/chatops/slack";
        var stale = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var forged = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "run local echo forged", slack.NewResponseUrl(), secret: "not-the-secret"));
        using var old = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "run local echo stale", slack.NewResponseUrl(), timestamp: stale));
        using var unsigned = await http.PostAsync(endpoint, new StringContent("text=run+local+echo+x&response_url=" + Uri.EscapeDataString(slack.NewResponseUrl())));
        using var elsewhere = await http.SendAsync(FakeSlack.SlashCommand(endpoint, "run local echo leak", "http://127.0.0.2:9/steal"));
        using var original = FakeSlack.SlashCommand(endpoint, "run local echo once", slack.NewResponseUrl());
        var body = await original.Content!.ReadAsStringAsync();
        using var replay = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        foreach (var name in new[] { "X-Slack-Request-Timestamp", "X-Slack-Signature" })
        {
            replay.Headers.Add(name, original.Headers.GetValues(name));
        }

        using var accepted = await http.SendAsync(original);
        using var replayed = await http.SendAsync(replay);
        await Task.WhenAll(host.Slack!.Running);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("X-Slack-Signature does not match", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Contains("outside the replay window", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("already received", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var executions = (List<object?>)(await client.GetAsync("/api/v1/executions"))!;
        Assert.Equal("echo once", Field(Field(Assert.Single(executions), "parameters"), "cmd"));
    }

    private static Task<ServeHost> StartAsync(FakeSlack slack) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Path.Combine(RepositoryPaths.Root, "packs")],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
        Slack = new SlackOptions
        {
            SigningSecret = FakeSlack.SigningSecret,
            BotToken = FakeSlack.BotToken,
            ApiUrl = new Uri(slack.Url + "/api/"),
            ResponseUrlPrefix = slack.Url + "/response/",
        },
    });
}
