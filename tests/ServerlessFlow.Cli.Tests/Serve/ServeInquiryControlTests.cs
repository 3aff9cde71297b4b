using System.Net;
using Microsoft.Extensions.Time.Testing;
using ServerlessFlow.Cli.Serve;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// Inquiry controls on <c>sflow serve</c>, through its HTTP API only: a <c>core.ask</c> in a sub-workflow pauses the root
/// workflow and the answer resumes it (st2's <c>orquesta-ask-nested</c>), and an inquiry whose ttl passes becomes
/// <c>timeout</c> with its execution (st2's inquiry garbage collection).
/// </summary>
public sealed class ServeInquiryControlTests
{
    [SkippableFact]
    public async Task PutInquiry_AskInSubWorkflow_RootPausedUntilAnsweredThenSucceeds()
    {
        await using var host = await StartAsync(TimeProvider.System);
        using var client = new ServeClient(host.Url);

        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-ask-nested"}""");
        var id = (string)Field(started, "id")!;
        var inquiries = await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: 1 });
        var inquiryId = (string)Field(((List<object?>)inquiries!)[0], "id")!;
        var rootWaiting = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "paused");
        var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        var sub = children.Single(c => Field(Field(c, "action"), "ref") is "examples.orquesta-ask-basic");
        var subWaiting = await client.GetAsync($"/api/v1/executions/{Field(sub, "id")}");
        var answered = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{inquiryId}", """{"response":{"approved":true}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("paused", Field(rootWaiting, "status"));
        Assert.Equal("paused", Field(subWaiting, "status"));
        Assert.DoesNotContain(children, c => Field(Field(c, "context"), "task") is "finish");
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal("succeeded", Field(done, "status"));
        var log = ((List<object?>)Field(done, "log")!).Select(l => (string)Field(l, "status")!).ToList();
        Assert.Equal("running", log[log.IndexOf("paused") + 1]);
        var tasks = (List<object?>)(await client.GetAsync($"/api/v1/executions/{id}/children"))!;
        Assert.Equal(3, tasks.Count);
        Assert.Contains(tasks, t => Field(Field(t, "context"), "task") is "finish");
    }

    [SkippableFact]
    public async Task GetInquiry_TtlPassedUnanswered_InquiryAndAskTimeOutAndAnswerRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock);
        using var client = new ServeClient(host.Url);

        // A top-level core.ask answers pending from its POST (it runs within the request on sflow serve).
        var (_, asked) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"core.ask","parameters":{"ttl":1}}""");
        var id = (string)Field(asked, "id")!;
        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await client.WaitForAsync($"/api/v1/executions/{id}", body =>
        {
            // Each look moves the fake clock past the next sweep, whenever the sweep's timer was set.
            clock.Advance(TimeSpan.FromSeconds(30));
            return Field(body, "status") is "timeout";
        });
        var inquiry = await client.GetAsync($"/api/v1/inquiries/{id}");
        var refused = await client.SendAsync(HttpMethod.Put, $"/api/v1/inquiries/{id}", """{"response":{"continue":true}}""");

        Assert.Equal("pending", Field(asked, "status"));
        Assert.Equal("timeout", Field(expired, "status"));
        Assert.Equal(1L, Field(Field(expired, "result"), "ttl"));
        Assert.Equal("timeout", Field(inquiry, "status"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("timed out", (string)Field(refused.Body, "faultstring")!, StringComparison.Ordinal);
    }

    private static Task<ServeHost> StartAsync(TimeProvider time) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [RepositoryPaths.St2Packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        Time = time,
        RunTimerLoop = false,
    });
}
