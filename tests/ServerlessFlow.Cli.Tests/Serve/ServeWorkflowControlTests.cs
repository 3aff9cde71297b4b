using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>Running workflows through the serve API: core.ask answered through the inquiries API, cancel, pause and resume,
/// and the key-value API; StackStorm's example packs, in-memory stores.</summary>
public sealed class ServeWorkflowControlTests
{
    [Fact]
    public async Task PutInquiry_AskInWorkflow_WorkflowWaitsPausedUntilAnswered()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-ask-basic"}""");
        var id = (string)Field(started, "id")!;
        var inquiries = await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: 1 });
        var inquiryId = (string)Field(((List<object?>)inquiries!)[0], "id")!;
        var waiting = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused");
        var refused = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":"yes"}}""");
        var answered = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":true}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("paused", Field(waiting, "status"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("approved", (string)Field(refused.Body, "faultstring")!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        var tasks = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(["finish", "get_approval", "start"], tasks.Select(t => (string)Field(Field(t, "context"), "task")!).Order(StringComparer.Ordinal));
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/inquiries"))!);
    }

    [Fact]
    public async Task DeleteExecution_WorkflowMidRun_EndsCanceledWithoutStartingNextTask()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":2}}""");
        var id = (string)Field(started, "id")!;
        await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
        var (status, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{id}");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "canceled" or "succeeded" or "failed");
        var again = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{id}");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("canceled", Field(done, "status"));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var tasks = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.DoesNotContain(tasks, t => Field(Field(t, "context"), "task") is "task2" or "task3");
    }

    [Fact]
    public async Task PutExecution_PausingThenResuming_WorkflowPausesThenSucceeds()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":2}}""");
        var id = (string)Field(started, "id")!;
        await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
        var pause = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"pausing"}""");
        var paused = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused" or "succeeded" or "failed");
        var resume = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"resuming"}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed" or "canceled");
        var bad = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"flying"}""");

        Assert.Equal(HttpStatusCode.Accepted, pause.Status);
        Assert.Equal("paused", Field(paused, "status"));
        Assert.Equal(HttpStatusCode.Accepted, resume.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("""{"output":{"greeting":"Ann, All your base are belong to us!"}}""", JsonText.Serialize(Field(done, "result")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task Keys_SetGetListDelete_RoundTripsInStackStormsShape()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var set = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/greeting", """{"value":"hello"}""");
        var got = await client.GetAsync("/api/v1/keys/greeting");
        var listed = (List<object?>)(await client.GetAsync("/api/v1/keys?prefix=gree"))!;
        var badValue = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/other", """{"value":5}""");
        var deleted = await client.SendAsync(HttpMethod.Delete, "/api/v1/keys/greeting");
        var gone = await client.SendAsync(HttpMethod.Get, "/api/v1/keys/greeting");
        var deletedAgain = await client.SendAsync(HttpMethod.Delete, "/api/v1/keys/greeting");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("hello", Field(got, "value"));
        Assert.Equal("st2kv.system", Field(got, "scope"));
        Assert.Equal("greeting", Field(Assert.Single(listed), "name"));
        Assert.Equal(HttpStatusCode.BadRequest, badValue.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.Status);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/keys"))!);
    }

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [RepositoryPaths.St2Packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
    });
}
