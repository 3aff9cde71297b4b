using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.ChatOps;

/// <summary>
/// Slack on loopback, for the ChatOps tests: it sends requests the way Slack does (form-encoded slash commands and Events API
/// JSON, signed with its own implementation of Slack's v0 scheme, written here from Slack's documentation and not taken from
/// the code under test) and records what is posted back to its response URLs and to <c>chat.postMessage</c> (which
/// checks the bot token, as Slack does).
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotToken = "xoxb-test-token";

    private readonly WebApplication web;
    private readonly ConcurrentQueue<(string Path, Dictionary<string, object?> Body)> posts = new();
    private int responseUrls;

    private FakeSlack(WebApplication web) => this.web = web;

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<(string Path, Dictionary<string, object?> Body)> Posts => posts.ToList();

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        var fake = new FakeSlack(web);
        web.MapPost("/response/{id}", async (HttpContext http, string id) =>
        {
            fake.posts.Enqueue(("/response/" + id, await ReadAsync(http)));
            return Results.Ok();
        });
        web.MapPost("/api/chat.postMessage", async (HttpContext http) =>
        {
            var body = await ReadAsync(http);
            if (http.Request.Headers.Authorization.ToString() != "Bearer " + BotToken)
            {
                return Results.Json(new Dictionary<string, object?> { ["ok"] = false, ["error"] = "invalid_auth" });
            }

            fake.posts.Enqueue(("/api/chat.postMessage", body));
            return Results.Json(new Dictionary<string, object?> { ["ok"] = true, ["ts"] = "1700000000.000200" });
        });
        await web.StartAsync();
        fake.Url = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    public string NewResponseUrl() => $"{Url}/response/{Interlocked.Increment(ref responseUrls)}";

    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A slash command <c>/st2 {text}</c>, as Slack posts it; returns the request so a test can send it again.</summary>
    public static HttpRequestMessage SlashCommand(string endpoint, string text, string responseUrl, string? timestamp = null, string secret = SigningSecret)
    {
        var form = string.Join('&', new Dictionary<string, string>
        {
            ["token"] = "deprecated-verification-token",
            ["team_id"] = "T0001",
            ["channel_id"] = "C2147483705",
            ["channel_name"] = "ops",
            ["user_id"] = "U2147483697",
            ["user_name"] = "ann",
            ["command"] = "/st2",
            ["text"] = text,
            ["response_url"] = responseUrl,
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return Signed(endpoint, form, "application/x-www-form-urlencoded", timestamp ?? Now(), secret);
    }

    public static HttpRequestMessage Event(string endpoint, Dictionary<string, object?> payload, string? timestamp = null) =>
        Signed(endpoint, JsonText.Serialize(payload), "application/json", timestamp ?? Now(), SigningSecret);

    public static HttpRequestMessage Signed(string endpoint, string body, string mediaType, string timestamp, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Sign(secret, timestamp, body));
        return request;
    }

    /// <summary>Waits (hang guard only) until <paramref name="count"/> messages were posted to <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<Dictionary<string, object?>>> MessagesAsync(string path, int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var found = Posts.Where(p => p.Path == path).Select(p => p.Body).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await web.StopAsync();
        await web.DisposeAsync();
    }

    private static async Task<Dictionary<string, object?>> ReadAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return (Dictionary<string, object?>)JsonText.Parse(await reader.ReadToEndAsync())!;
    }
}
