using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Runners;

public sealed class HttpRequestRunnerTests
{
    private readonly HttpRequestRunner runner = new(TimeProvider.System);

    private static ActionRunRequest Request(Dictionary<string, object?> parameters) =>
        new() { ExecutionId = "e1", ActionRef = "core.http", ActionParameters = parameters };

    [Fact]
    public async Task RunAsync_JsonResponse_ParsesBody()
    {
        await using var server = new LoopbackHttpServer((_, _) => Task.FromResult((200, "application/json; charset=utf-8", "{\"ok\": true, \"n\": [1]}")));
        var outcome = await runner.RunAsync(Request(new() { ["url"] = server.Url("/x") }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        var result = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
        Assert.Equal(200L, result["status_code"]);
        Assert.Equal(true, result["parsed"]);
        var body = Assert.IsType<Dictionary<string, object?>>(result["body"]);
        Assert.Equal(true, body["ok"]);
        Assert.Contains("Content-Type", Assert.IsType<Dictionary<string, object?>>(result["headers"]).Keys);
    }

    [Fact]
    public async Task RunAsync_TextResponse_KeepsBodyAsText()
    {
        await using var server = new LoopbackHttpServer((_, _) => Task.FromResult((200, "text/plain", "{not json")));
        var outcome = await runner.RunAsync(Request(new() { ["url"] = server.Url("/") }), CancellationToken.None);
        var result = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
        Assert.Equal("{not json", result["body"]);
        Assert.Equal(false, result["parsed"]);
    }

    [Theory]
    [InlineData(201, "succeeded")]
    [InlineData(204, "succeeded")]
    [InlineData(404, "failed")]
    [InlineData(500, "failed")]
    public async Task RunAsync_StatusCode_DecidesStatus(int code, string status)
    {
        await using var server = new LoopbackHttpServer((_, _) => Task.FromResult((code, "text/plain", string.Empty)));
        var outcome = await runner.RunAsync(Request(new() { ["url"] = server.Url("/") }), CancellationToken.None);
        Assert.Equal(status, outcome.Status.ToApiName());
        Assert.Equal((long)code, ((Dictionary<string, object?>)outcome.Result!)["status_code"]);
    }

    [Fact]
    public async Task RunAsync_PostWithHeadersAndParams_SendsThem()
    {
        await using var server = new LoopbackHttpServer((_, _) => Task.FromResult((200, "text/plain", "ok")));
        var outcome = await runner.RunAsync(
            Request(new()
            {
                ["url"] = server.Url("/post"),
                ["method"] = "POST",
                ["body"] = "{\"a\": 1}",
                ["headers"] = new Dictionary<string, object?> { ["X-Test"] = "yes", ["Content-Type"] = "application/json" },
                ["params"] = new Dictionary<string, object?> { ["q"] = "a b" },
            }),
            CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/post?q=a%20b", request.Url);
        Assert.Equal("{\"a\": 1}", request.Body);
        Assert.Equal("yes", request.Header);
    }

    [Fact]
    public async Task RunAsync_SlowServer_TimesOut()
    {
        var release = new TaskCompletionSource();
        await using var server = new LoopbackHttpServer(async (_, _) =>
        {
            await release.Task;
            return (200, "text/plain", "late");
        });
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var timed = new HttpRequestRunner(time);
        var run = timed.RunAsync(Request(new() { ["url"] = server.Url("/slow"), ["timeout"] = 2L }), CancellationToken.None);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(20));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var outcome = await run;
        release.SetResult();
        Assert.Equal(ExecutionStatus.Timeout, outcome.Status);
        Assert.Contains("timed out", (string)((Dictionary<string, object?>)outcome.Result!)["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadUrl_FailsNamingIt()
    {
        var outcome = await runner.RunAsync(Request(new() { ["url"] = "ftp://x" }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Contains("ftp://x", (string)((Dictionary<string, object?>)outcome.Result!)["error"]!, StringComparison.Ordinal);
    }
}
