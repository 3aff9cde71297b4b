using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// Issue #7's "Done when" behaviours of <c>sflow serve</c>, checked only through its HTTP API (never the stores), run once per
/// storage kind by the derived classes: in memory, and Table Storage plus the Durable Azure Storage backend on a real Azurite.
/// Every test starts its own host (own task hub and table prefix on Azurite), so tests stay independent.
/// </summary>
public abstract class ServeEndToEndTests
{
    /// <summary>The repository's packs (the order webhook, greet and heartbeat timer rules).</summary>
    protected static readonly string Packs = Path.Combine(RepositoryPaths.Root, "packs");

    /// <summary>Starts a host over <paramref name="packs"/> with the timer loop off (tests tick it) and the given clock.</summary>
    internal abstract Task<ServeHost> StartAsync(string packs, TimeProvider? time = null);

    [SkippableFact]
    public async Task Webhook_OrderPost_RunsJoinWithItemsWorkflowToSucceededWithEveryRecordReadable()
    {
        await using var host = await StartAsync(Packs);
        using var client = new ServeClient(host.Url);

        var (status, echoed) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"A1","items":["x","y","z"],"customer":"ann"}""",
            headers: new Dictionary<string, string> { ["St2-Trace-Tag"] = "trace-a1" });
        var list = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("""{"order_id":"A1","items":["x","y","z"],"customer":"ann"}""", JsonText.Serialize(echoed));
        var workflow = ((List<object?>)list!)[0];
        Assert.Equal("succeeded", Field(workflow, "status"));
        // process_order: with-items over the items (concurrency 2) on one branch, a note on the other, a join, and publish.
        Assert.Equal("""{"output":{"order_id":"A1","notice":"order A1 from ann","checked":["checking x","checking y","checking z"]}}""", JsonText.Serialize(Field(workflow, "result")));
        Assert.Equal("trace-a1", Field(Field(workflow, "context"), "trace_tag"));
        Assert.Equal("examples.order_webhook", Field(Field(workflow, "context"), "rule"));

        var id = (string)Field(workflow, "id")!;
        Assert.Equal("succeeded", Field(await client.GetAsync($"/api/v1/executions/{id}"), "status"));
        var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(
            ["check_items", "check_items", "check_items", "note_order", "start", "summarise"],
            children.Select(c => (string)Field(Field(c, "context"), "task")!).Order(StringComparer.Ordinal));
        Assert.All(children, c => Assert.Equal("succeeded", Field(c, "status")));
        Assert.All(children, c => Assert.Equal(id, Field(c, "parent")));
        Assert.Equal(
            ["checking x", "checking y", "checking z"],
            children.Where(c => Field(Field(c, "context"), "task") is "check_items").Select(c => (string)Field(Field(c, "result"), "stdout")!).Order(StringComparer.Ordinal));

        var instances = (List<object?>)(await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is not "pending"))!;
        var instance = Assert.Single(instances);
        Assert.Equal("trace-a1", Field(instance, "trace_tag"));
        Assert.Equal("processed", Field(instance, "status"));
        var instanceId = (string)Field(instance, "id")!;
        Assert.Equal("A1", Field(Field(Field(await client.GetAsync($"/api/v1/triggerinstances/{instanceId}"), "payload"), "body"), "order_id"));
        var enforcement = Assert.Single((List<object?>)(await client.GetAsync($"/api/v1/ruleenforcements?trigger_instance={instanceId}"))!);
        Assert.Equal(id, Field(enforcement, "execution_id"));
        Assert.Equal(id, Field(await client.GetAsync($"/api/v1/ruleenforcements/{Field(enforcement, "id")}"), "execution_id"));
    }

    [SkippableFact]
    public async Task Webhook_SameTriggerInstanceDeliveredTwice_RunsWorkflowOnce()
    {
        await using var host = await StartAsync(Packs);
        using var client = new ServeClient(host.Url);
        // The GitHub delivery id names the trigger instance, so a redelivery is the same instance delivered again.
        var headers = new Dictionary<string, string> { ["X-GitHub-Delivery"] = "delivery-1" };

        var first = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"D1","items":["x"]}""", headers: headers);
        await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded");
        var second = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"D1","items":["x"]}""", headers: headers);
        // The second delivery stores nothing new and, the instance being processed already, publishes nothing; a later, different order proves evaluation still runs.
        await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "processed");
        var third = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"D2","items":["y"]}""");
        var orders = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 2 } l && l.All(e => Field(e, "status") is "succeeded"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(HttpStatusCode.Accepted, third.Status);
        Assert.Equal(["D1", "D2"], ((List<object?>)orders!).Select(e => (string)Field(Field(e, "parameters"), "order_id")!).Order(StringComparer.Ordinal));
        // Webhook instances only: every completed action adds a core.st2.generic.actiontrigger instance, as in StackStorm.
        Assert.Equal(2, ((List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=core.st2.webhook"))!).Count);
        Assert.Equal(2, ((List<object?>)(await client.GetAsync("/api/v1/ruleenforcements"))!).Count);
        // One workflow's tasks only for D1: start, one item, note, summarise.
        var d1 = ((List<object?>)orders!).Single(e => Field(Field(e, "parameters"), "order_id") is "D1");
        Assert.Equal(4, ((List<object?>)(await client.GetAsync($"/api/v1/executions/{Field(d1, "id")}/children"))!).Count);
    }

    [SkippableFact]
    public async Task TickAsync_IntervalTimerRuleOnFakeClock_FiresOncePerScheduledTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero));
        await using var host = await StartAsync(Packs, clock);
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
        Assert.Equal(2, ((List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=core.st2.IntervalTimer"))!).Count);
    }

    [SkippableFact]
    public async Task PutInquiry_AskInWorkflow_WorkflowWaitsPausedUntilAnswered()
    {
        await using var host = await StartAsync(RepositoryPaths.St2Packs);
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-ask-basic"}""");
        var id = (string)Field(started, "id")!;
        var inquiries = await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: 1 });
        var inquiryId = (string)Field(((List<object?>)inquiries!)[0], "id")!;
        var waiting = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused");
        var tasksWhileWaiting = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        var refused = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":"yes"}}""");
        var stillWaiting = await client.GetAsync($"/api/v1/executions/{id}");
        var answered = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":true}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("paused", Field(waiting, "status"));
        Assert.DoesNotContain(tasksWhileWaiting, t => Field(Field(t, "context"), "task") is "finish");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("approved", (string)Field(refused.Body, "faultstring")!, StringComparison.Ordinal);
        Assert.Equal("paused", Field(stillWaiting, "status"));
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        var tasks = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(["finish", "get_approval", "start"], tasks.Select(t => (string)Field(Field(t, "context"), "task")!).Order(StringComparer.Ordinal));
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/inquiries"))!);
    }

    [SkippableFact]
    public async Task DeleteExecution_WorkflowMidRun_EndsCanceledWithoutStartingNextTask()
    {
        await using var host = await StartAsync(RepositoryPaths.St2Packs);
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":2}}""");
        var id = (string)Field(started, "id")!;
        await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
        var (status, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{id}");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "canceled" or "succeeded" or "failed");
        var again = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("canceled", Field(done, "status"));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var tasks = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.DoesNotContain(tasks, t => Field(Field(t, "context"), "task") is "task2" or "task3");
    }

    [SkippableFact]
    public async Task PutExecution_PausingThenResuming_WorkflowPausesThenSucceeds()
    {
        await using var host = await StartAsync(RepositoryPaths.St2Packs);
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":2}}""");
        var id = (string)Field(started, "id")!;
        await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
        var pause = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"pausing"}""");
        var paused = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused" or "succeeded" or "failed");
        var tasksWhilePaused = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        var resume = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"resuming"}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed" or "canceled");
        var bad = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"flying"}""");

        Assert.Equal(HttpStatusCode.OK, pause.Status);
        Assert.Equal("paused", Field(paused, "status"));
        Assert.DoesNotContain(tasksWhilePaused, t => Field(Field(t, "context"), "task") is "task2" or "task3");
        Assert.Equal(HttpStatusCode.OK, resume.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("""{"output":{"greeting":"Ann, All your base are belong to us!"}}""", JsonText.Serialize(Field(done, "result")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("flying", (string)Field(bad.Body, "faultstring")!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BadRequests_EachAnswersClear4xxAndNothingIsRecorded()
    {
        await using var host = await StartAsync(Packs);
        using var client = new ServeClient(host.Url);
        (string Path, string Body, HttpStatusCode Expected, string Message)[] requests =
        [
            ("/api/v1/webhooks/nope", """{"a":1}""", HttpStatusCode.NotFound, "Webhook nope not registered"),
            ("/api/v1/webhooks/orders", """{"order_id":""", HttpStatusCode.BadRequest, "Failed to parse request body"),
            ("/api/v1/webhooks/st2", """{"payload":{}}""", HttpStatusCode.BadRequest, "Trigger not specified"),
            ("/api/v1/webhooks/orders", "{\"order_id\":\"" + new string('x', 20 * 1024 * 1024) + "\"}", HttpStatusCode.RequestEntityTooLarge, "larger than"),
            ("/api/v1/executions", """{"action":"nope.nothing"}""", HttpStatusCode.NotFound, "nope.nothing"),
            ("/api/v1/executions", """{"action":"examples.process_order","parameters":{"order_id":"A","items":"not a list"}}""", HttpStatusCode.BadRequest, "items"),
            ("/api/v1/executions", """{"action":"examples.process_order","parameters":{"items":["a"]}}""", HttpStatusCode.BadRequest, "order_id"),
            ("/api/v1/executions", """{"action":"examples.greet","parameters":{"name":5}}""", HttpStatusCode.BadRequest, "name"),
            ("/api/v1/executions", """{"parameters":{}}""", HttpStatusCode.BadRequest, "action"),
            ("/api/v1/executions", """{"action":""", HttpStatusCode.BadRequest, "not valid JSON"),
            ("/api/v1/executions", """[1]""", HttpStatusCode.BadRequest, "JSON object"),
        ];

        foreach (var (path, body, expected, message) in requests)
        {
            var (status, answer) = await client.SendAsync(HttpMethod.Post, path, body);

            Assert.True(expected == status, $"{path} {body[..Math.Min(body.Length, 80)]}: expected {expected}, got {status}");
            Assert.Contains(message, (string)Field(answer, "faultstring")!, StringComparison.Ordinal);
        }

        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/triggerinstances"))!);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/ruleenforcements"))!);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/executions"))!);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/inquiries"))!);
    }

    [SkippableFact]
    public async Task SflowRun_WithoutLocal_RunsOnTheServerAndStopsAtAnInquiry()
    {
        await using var host = await StartAsync(RepositoryPaths.St2Packs);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SflowCommand.RunAsync(["run", "examples.orquesta-sequential", "name=Thanos", "--url", host.Url], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("status: succeeded", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Thanos, All your base are belong to us!", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, error.ToString().Split('\n').Count(line => line.Contains("core.echo", StringComparison.Ordinal) && line.Contains("succeeded", StringComparison.Ordinal)));
        using var client = new ServeClient(host.Url);
        var executions = (List<object?>)(await client.GetAsync("/api/v1/executions?action=examples.orquesta-sequential"))!;
        Assert.Equal("""{"output":{"greeting":"Thanos, All your base are belong to us!"}}""", JsonText.Serialize(Field(Assert.Single(executions), "result")));

        using var askOutput = new StringWriter();
        using var askError = new StringWriter();
        var askExit = await SflowCommand.RunAsync(["run", "examples.orquesta-ask-basic", "--url", host.Url], askOutput, askError);

        Assert.Equal(3, askExit);
        Assert.Contains("status: paused", askOutput.ToString(), StringComparison.Ordinal);
        Assert.Contains("`sflow inquiry respond ID '{...}'` answers", askError.ToString(), StringComparison.Ordinal);
        Assert.Single((List<object?>)(await client.GetAsync("/api/v1/inquiries"))!);
    }
}
