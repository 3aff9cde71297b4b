using System.Net;
using ServerlessFlow.Cli.Serve;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// StackStorm's example ActionChains on <c>sflow serve</c> (in-memory stores and Durable backend), through its HTTP API
/// only: a chain paused on an inquiry resumes when it is answered (also from inside a sub-chain), pause and resume and
/// cancel act between nodes, and <c>sflow run</c> against the server prints each node as it finishes.
/// </summary>
public sealed class ServeActionChainTests : IDisposable
{
    private readonly string tempFile = Path.GetTempFileName();

    public void Dispose() => File.Delete(tempFile);

    [SkippableFact]
    public async Task PutInquiry_AskNodeInChain_ChainPausedUntilAnsweredThenNextNodeReadsTheAnswer()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.chain-test-inquiry"}""");
        var id = (string)Field(started, "id")!;
        var inquiries = await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: 1 });
        var inquiryId = (string)Field(((List<object?>)inquiries!)[0], "id")!;
        var waiting = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused");
        var refused = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"secondfactor":5}}""");
        var answered = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"secondfactor":"s3cr3t"}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("paused", Field(waiting, "status"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        var tasks = (List<object?>)Field(Field(done, "result"), "tasks")!;
        Assert.Equal(["task1", "task2"], tasks.Select(t => (string)Field(t, "name")!));
        Assert.Equal("""s3cr3t""", Field(Field(Field(tasks[0], "result"), "response"), "secondfactor"));
        Assert.Equal("We can now authenticate to foo service with s3cr3t", Field(Field(tasks[1], "result"), "stdout"));
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/inquiries"))!);
    }

    [SkippableFact]
    public async Task PutInquiry_AskInSubChain_AnswerCompletesTheSubChainAndThenTheParent()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.chain-test-inquiry-parent"}""");
        var id = (string)Field(started, "id")!;
        var inquiries = await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: 1 });
        var answered = await client.SendAsync(
            HttpMethod.Put, $"/api/v1/inquiries/{Field(((List<object?>)inquiries!)[0], "id")}", """{"response":{"secondfactor":"abc"}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        var tasks = (List<object?>)Field(Field(done, "result"), "tasks")!;
        Assert.Equal("succeeded", Field(tasks[0], "state"));
        Assert.Equal(2, ((List<object?>)Field(Field(tasks[0], "result"), "tasks")!).Count);
        Assert.Equal("parent task2", Field(Field(tasks[1], "result"), "stdout"));
    }

    [SkippableFact]
    public async Task PutExecution_PausingThenResuming_ChainPausesAfterTheRunningNodeThenFinishes()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var id = await StartChainAsync(client, "examples.chain-test-pause-resume");
        await client.WaitForAsync($"/api/v1/executions/{id}/children", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "running");
        var pause = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"pausing"}""");
        var pausing = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "pausing");
        File.Delete(tempFile);
        var paused = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused");
        var tasksWhilePaused = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        var resume = await client.SendAsync(HttpMethod.Put, $"/api/v1/executions/{id}", """{"status":"resuming"}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed" or "canceled");

        Assert.Equal(HttpStatusCode.OK, pause.Status);
        Assert.Equal("pausing", Field(pausing, "status"));
        Assert.Equal("paused", Field(paused, "status"));
        Assert.Equal("task1", Field(Field(Assert.Single(tasksWhilePaused), "context"), "task"));
        Assert.Equal(HttpStatusCode.OK, resume.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal(2, ((List<object?>)Field(Field(done, "result"), "tasks")!).Count);
    }

    [SkippableFact]
    public async Task DeleteExecution_ChainMidNode_EndsCanceledWithoutStartingTheNextNode()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var id = await StartChainAsync(client, "examples.chain-test-cancel");
        await client.WaitForAsync($"/api/v1/executions/{id}/children", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "running");
        var (status, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{id}");
        await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "canceling");
        File.Delete(tempFile);
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "canceled" or "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("canceled", Field(done, "status"));
        Assert.Single((List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!);
        Assert.Single((List<object?>)Field(Field(done, "result"), "tasks")!);
    }

    [SkippableFact]
    public async Task SflowRun_ChainOnTheServer_PrintsEachNodeAndThePublishedGreeting()
    {
        await using var host = await StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SflowCommand.RunAsync(["run", "examples.chain-sequential", "name=Thanos", "--url", host.Url], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("status: succeeded", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"greeting\": \"Thanos, All your base are belong to us!\"", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, error.ToString().Split('\n').Count(line => line.Contains("core.echo", StringComparison.Ordinal) && line.Contains("succeeded", StringComparison.Ordinal)));
    }

    private async Task<string> StartChainAsync(ServeClient client, string actionRef)
    {
        var (_, started) = await client.SendAsync(
            HttpMethod.Post,
            "/api/v1/executions",
            ServerlessFlow.Core.Values.JsonText.Serialize(new Dictionary<string, object?>
            {
                ["action"] = actionRef,
                ["parameters"] = new Dictionary<string, object?> { ["tempfile"] = tempFile, ["message"] = "foobar" },
            }));
        return (string)Field(started, "id")!;
    }

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [RepositoryPaths.St2Packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
    });
}
