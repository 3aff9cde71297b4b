using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> in process on a free loopback port with in-memory stores, over the repository's example packs.
/// The "Done when" behaviours (webhook to workflow, redelivery, timers, bad requests) are in <see cref="ServeEndToEndTests"/>,
/// on both storage kinds.</summary>
public sealed class ServeHostTests
{
    private static readonly string Packs = Path.Combine(RepositoryPaths.Root, "packs");

    [Fact]
    public async Task Webhook_St2HookWithTrigger_DispatchesThatTriggerAndItsRuleRuns()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/st2", """{"trigger":"examples.order_received","payload":{"order_id":"B2","total":250}}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var list = await client.WaitForAsync("/api/v1/executions?rule=examples.order_received_echo", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded");
        Assert.Equal("big order B2: 250", Field(Field(((List<object?>)list!)[0], "result"), "stdout"));
    }

    [Fact]
    public async Task PostExecution_CoreEcho_RunsAndIsReadable()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"core.echo","parameters":{"message":"hi"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("succeeded", Field(execution, "status"));
        var fetched = await client.GetAsync($"/api/v1/executions/{Field(execution, "id")}");
        Assert.Equal("hi", Field(Field(fetched, "result"), "stdout"));
    }

    [Fact]
    public async Task PostExecution_Workflow_ReachesStackStormsOutput()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.greet","parameters":{"name":"Thanos"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var done = await client.WaitForAsync($"/api/v1/executions/{Field(execution, "id")}", body => Field(body, "status") is "succeeded");
        Assert.Equal("""{"output":{"greeting":"Hello, Thanos!","farewell":"Goodbye, Thanos."}}""", JsonText.Serialize(Field(done, "result")));
    }

    [Theory]
    [InlineData("/api/v1/executions/nothere", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/triggerinstances/nothere", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/ruleenforcements/nothere", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/executions?status=bogus", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/executions?limit=0", HttpStatusCode.BadRequest)]
    public async Task Get_BadQueryOrUnknownId_AnswersWithFault(string path, HttpStatusCode expected)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, answer) = await client.SendAsync(HttpMethod.Get, path);

        Assert.Equal(expected, status);
        Assert.IsType<string>(Field(answer, "faultstring"));
    }

    internal static object? Field(object? value, string name) =>
        value is Dictionary<string, object?> d ? d.GetValueOrDefault(name) : null;

    private static Task<ServeHost> StartAsync(TimeProvider? time = null) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        Time = time ?? TimeProvider.System,
        RunTimerLoop = false,
    });
}
