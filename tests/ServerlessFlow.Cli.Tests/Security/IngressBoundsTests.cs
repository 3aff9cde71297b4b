using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, findings 5 and 6, through <c>sflow serve</c>: a payload is either accepted and matched or refused with a
/// 4xx before anything is stored (never stored and then silently dropped), a refused payload leaves the API readable, and a
/// 120 KB expression bomb in a webhook is only data.</summary>
public sealed class IngressBoundsTests
{
    private static readonly string[] Packs =
    [
        Path.Combine(RepositoryPaths.Root, "packs"),
        Path.Combine(RepositoryPaths.Root, "tests", "ServerlessFlow.Cli.Tests", "Security", "packs"),
    ];

    [Theory]
    [InlineData(510)]
    [InlineData(64)]
    public async Task Webhook_BodyNestedBeyondRuleLimit_Is400AndNothingIsStored(int levels)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, answer) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", Nested(levels));
        var (listStatus, list) = await client.SendAsync(HttpMethod.Get, "/api/v1/triggerinstances");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("deeper than 64 levels", (string)Field(answer, "faultstring")!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Empty((List<object?>)list!);
    }

    [Fact]
    public async Task Webhook_BodyNestedToRuleLimit_IsAcceptedAndMatched()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", Nested(63));
        var list = await client.WaitForAsync("/api/v1/executions?action=core.echo", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("deep", Field(Field(((List<object?>)list!)[0], "result"), "stdout"));
        var instance = Assert.Single((List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=core.st2.webhook"))!);
        Assert.Equal("processed", Field(instance, "status"));
    }

    [Fact]
    public async Task Webhook_ExpressionBombOf120KilobytesInMessage_IsEchoedAsText()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        var bomb = "{{ " + string.Join("+", Enumerable.Repeat("1", 60_000)) + " }}";

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", JsonText.Serialize(new Dictionary<string, object?> { ["msg"] = bomb }));
        var list = await client.WaitForAsync("/api/v1/executions?action=core.echo", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(bomb, Field(Field(((List<object?>)list!)[0], "result"), "stdout"));
    }

    // {"msg": "deep", "nest": [[…]]}: the trigger payload {headers, body} then nests `levels` + 1 deep at its innermost list.
    private static string Nested(int levels) =>
        "{\"msg\": \"deep\", \"nest\": " + new string('[', levels) + new string(']', levels) + "}";

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = Packs,
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
        ApiKey = null,
    });
}
