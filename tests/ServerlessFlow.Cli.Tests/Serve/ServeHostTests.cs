using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> in process on a free loopback port with in-memory stores, over the repository's example packs.</summary>
public sealed class ServeHostTests
{
    private static readonly string Packs = Path.Combine(RepositoryPaths.Root, "packs");

    [Fact]
    public async Task Webhook_OrderPost_RunsWorkflowToSucceededWithEveryRecordReadable()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, echoed) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"A1","items":["x","y","z"],"customer":"ann"}""",
            headers: new Dictionary<string, string> { ["St2-Trace-Tag"] = "trace-a1" });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("""{"order_id":"A1","items":["x","y","z"],"customer":"ann"}""", JsonText.Serialize(echoed));
        var list = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded");
        var workflow = ((List<object?>)list!)[0];
        Assert.Equal("""{"output":{"order_id":"A1","notice":"order A1 from ann","checked":["checking x","checking y","checking z"]}}""", JsonText.Serialize(Field(workflow, "result")));
        Assert.Equal("trace-a1", Field(Field(workflow, "context"), "trace_tag"));
        Assert.Equal("examples.order_webhook", Field(Field(workflow, "context"), "rule"));

        var id = (string)Field(workflow, "id")!;
        var fetched = await client.GetAsync($"/api/v1/executions/{id}");
        Assert.Equal("succeeded", Field(fetched, "status"));
        var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(
            ["check_items", "check_items", "check_items", "note_order", "start", "summarise"],
            children.Select(c => (string)Field(Field(c, "context"), "task")!).Order(StringComparer.Ordinal));
        Assert.All(children, c => Assert.Equal("succeeded", Field(c, "status")));

        var instances = (List<object?>)(await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is not "pending"))!;
        var instance = Assert.Single(instances);
        Assert.Equal("trace-a1", Field(instance, "trace_tag"));
        Assert.Equal("processed", Field(instance, "status"));
        var instanceId = (string)Field(instance, "id")!;
        Assert.NotNull(await client.GetAsync($"/api/v1/triggerinstances/{instanceId}"));
        var enforcements = (List<object?>)(await client.GetAsync($"/api/v1/ruleenforcements?trigger_instance={instanceId}"))!;
        var enforcement = Assert.Single(enforcements);
        Assert.Equal(id, Field(enforcement, "execution_id"));
        Assert.NotNull(await client.GetAsync($"/api/v1/ruleenforcements/{Field(enforcement, "id")}"));
    }

    [Fact]
    public async Task Webhook_SameGitHubDeliveryTwice_RunsWorkflowOnce()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        var headers = new Dictionary<string, string> { ["X-GitHub-Delivery"] = "delivery-1" };

        var first = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/greet", """{"name":"Ann"}""", headers: headers);
        await client.WaitForAsync("/api/v1/executions?action=examples.greet", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded");
        var second = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/greet", """{"name":"Ann"}""", headers: headers);
        // The second delivery is evaluated again (the instance is re-published); wait until that evaluation is done.
        await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "processed");
        var third = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/greet", """{"name":"Bob"}""");
        await client.WaitForAsync("/api/v1/executions?action=examples.greet", body => body is List<object?> { Count: 2 } l && l.All(e => Field(e, "status") is "succeeded"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(HttpStatusCode.Accepted, third.Status);
        var greetings = (List<object?>)(await client.GetAsync("/api/v1/executions?action=examples.greet"))!;
        Assert.Equal(["Bob", "Ann"], greetings.Select(e => (string)Field(Field(e, "parameters"), "name")!));
        Assert.Equal(2, ((List<object?>)(await client.GetAsync("/api/v1/ruleenforcements"))!).Count);
    }

    [Theory]
    [InlineData("/api/v1/webhooks/nope", """{"a":1}""", "application/json", HttpStatusCode.NotFound, "Webhook nope not registered")]
    [InlineData("/api/v1/webhooks/orders", """{"order_id":""", "application/json", HttpStatusCode.BadRequest, "Failed to parse request body")]
    [InlineData("/api/v1/webhooks/st2", """{"payload":{}}""", "application/json", HttpStatusCode.BadRequest, "Trigger not specified")]
    public async Task Webhook_BadRequest_AnswersClearlyAndStoresNothing(string path, string body, string contentType, HttpStatusCode expected, string message)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, answer) = await client.SendAsync(HttpMethod.Post, path, body, contentType);

        Assert.Equal(expected, status);
        Assert.Contains(message, (string)Field(answer, "faultstring")!, StringComparison.Ordinal);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/triggerinstances"))!);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/executions"))!);
    }

    [Fact]
    public async Task Webhook_TwentyMegabyteBody_Returns413AndStoresNothing()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        var body = "{\"order_id\":\"" + new string('x', 20 * 1024 * 1024) + "\"}";

        var (status, answer) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than", (string)Field(answer, "faultstring")!, StringComparison.Ordinal);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/triggerinstances"))!);
    }

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
    public async Task TickAsync_IntervalTimerRuleOnFakeClock_FiresOncePerScheduledTime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero));
        await using var host = await StartAsync(clock);
        using var client = new ServeClient(host.Url);

        Assert.Empty(await host.Timers.TickAsync());
        clock.Advance(TimeSpan.FromSeconds(30));
        var fired = await host.Timers.TickAsync();
        var again = await host.Timers.TickAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var next = await host.Timers.TickAsync();

        Assert.Equal([new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero)], fired.Select(f => f.ScheduledTime));
        Assert.Empty(again);
        Assert.Equal([new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero)], next.Select(f => f.ScheduledTime));
        var list = await client.WaitForAsync("/api/v1/executions?rule=examples.heartbeat_timer", body => body is List<object?> { Count: 2 } l && l.All(e => Field(e, "status") is "succeeded"));
        Assert.Equal(
            ["heartbeat at 2026-01-01 00:00:30+00:00", "heartbeat at 2026-01-01 00:01:00+00:00"],
            ((List<object?>)list!).Select(e => (string)Field(Field(e, "result"), "stdout")!).Order(StringComparer.Ordinal));
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
    [InlineData("""{"action":"nope.nothing"}""", HttpStatusCode.NotFound, "nope.nothing")]
    [InlineData("""{"action":"examples.process_order","parameters":{"order_id":"A","items":"not a list"}}""", HttpStatusCode.BadRequest, "items")]
    [InlineData("""{"action":"examples.process_order","parameters":{"items":["a"]}}""", HttpStatusCode.BadRequest, "order_id")]
    [InlineData("""{"parameters":{}}""", HttpStatusCode.BadRequest, "action")]
    [InlineData("""{"action":""", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("""[1]""", HttpStatusCode.BadRequest, "JSON object")]
    public async Task PostExecution_BadRequest_AnswersClearlyAndRecordsNothing(string body, HttpStatusCode expected, string message)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, answer) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", body);

        Assert.Equal(expected, status);
        Assert.Contains(message, (string)Field(answer, "faultstring")!, StringComparison.Ordinal);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/executions"))!);
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
