using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> on a real Azurite: records in Table Storage, workflows on the Durable Azure Storage backend.</summary>
public sealed class ServeAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [SkippableFact]
    public async Task Webhook_OrderPostOnAzurite_RunsWorkflowToSucceededWithRecordsReadable()
    {
        var hub = "s" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await StartAsync(Path.Combine(RepositoryPaths.Root, "packs"), hub);
        using var client = new ServeClient(host.Url);
        var headers = new Dictionary<string, string> { ["X-GitHub-Delivery"] = "order-a1" };

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"A1","items":["x","y"]}""", headers: headers);
        var list = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed");
        var redelivered = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", """{"order_id":"A1","items":["x","y"]}""", headers: headers);
        await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "processed");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.Status);
        var workflow = ((List<object?>)list!)[0];
        Assert.Equal("""{"output":{"order_id":"A1","notice":"order A1 from guest","checked":["checking x","checking y"]}}""", JsonText.Serialize(Field(workflow, "result")));
        Assert.Equal(5, ((List<object?>)(await client.GetAsync($"/api/v1/executions/{Field(workflow, "id")}/children"))!).Count);
        Assert.Single((List<object?>)(await client.GetAsync("/api/v1/executions?action=examples.process_order"))!);
        Assert.Single((List<object?>)(await client.GetAsync("/api/v1/ruleenforcements"))!);
    }

    // The first host stops while the workflow waits on its 4 s durable timer; the second, on the same task hub and
    // tables, owns the partitions at once (same worker id) and finishes the workflow when the timer fires.
    [SkippableFact]
    public async Task StartAsync_RestartWhileWorkflowWaitsOnDurableTimer_CompletesAfterRestart()
    {
        var hub = "s" + Guid.NewGuid().ToString("N")[..12];
        string id;
        await using (var first = await StartAsync(RepositoryPaths.St2Packs, hub))
        {
            using var client = new ServeClient(first.Url);
            var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":4}}""");
            id = (string)Field(started, "id")!;
            await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
        }

        await using var second = await StartAsync(RepositoryPaths.St2Packs, hub);
        using var again = new ServeClient(second.Url);
        // Hang guard only. A control-queue message the first host read and did not finish (a stop in the instant the
        // timer fires) comes back after the engine's 30 s visibility timeout; a loaded machine adds to that.
        var done = await again.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed" or "canceled", TimeSpan.FromMinutes(5));

        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("""{"output":{"greeting":"Ann, All your base are belong to us!"}}""", JsonText.Serialize(Field(done, "result")));
    }

    private Task<ServeHost> StartAsync(string packs, string hub) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Azurite,
        StorageConnectionString = azurite.ConnectionString,
        TaskHubName = hub,
        TablePrefix = hub,
        RunTimerLoop = false,
    });
}
