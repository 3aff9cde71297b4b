using System.Text;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class StreamApiTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task HandleAsync_EndExecutionAlreadyCompleted_SendsItsUpdateAndEnds()
    {
        var hub = new ApiEventHub();
        var store = new InMemoryExecutionStore();
        var done = ExecutionState.Create("exec-1", "core.noop", "noop", [], new ExecutionContextState(), time.GetUtcNow())
            .WithStatus(ExecutionStatus.Running, time.GetUtcNow())
            .WithStatus(ExecutionStatus.Succeeded, time.GetUtcNow());
        await store.CreateAsync(done);
        var api = new StreamApi(hub, store, new ExecutionView(CorePack.Catalog, time));

        var text = await ReadAsync(await api.HandleAsync(Get("", ("end_execution_id", "exec-1")), CancellationToken.None));

        Assert.StartsWith(": connected\n\nevent: st2.execution__update\ndata: {", text, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"exec-1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"succeeded\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_EventsFilterAndEndExecution_StreamsStoredUpdatesUntilItCompletes()
    {
        var hub = new ApiEventHub();
        var view = new ExecutionView(CorePack.Catalog, time);
        var store = new StreamingExecutionStore(new InMemoryExecutionStore(), hub, view);
        var (running, _) = await store.CreateAsync(ExecutionState.Create("exec-2", "core.noop", "noop", [], new ExecutionContextState(), time.GetUtcNow()).WithStatus(ExecutionStatus.Running, time.GetUtcNow()));
        var api = new StreamApi(hub, store, view);
        var result = await api.HandleAsync(Get("", ("events", "st2.execution__update"), ("end_execution_id", "exec-2")), CancellationToken.None);

        // Subscribed when the request was answered: what is stored from now on reaches the stream.
        var reading = ReadAsync(result);
        await store.CreateAsync(ExecutionState.Create("exec-3", "core.noop", "noop", [], new ExecutionContextState(), time.GetUtcNow()));
        await store.UpdateAsync(running.WithStatus(ExecutionStatus.Succeeded, time.GetUtcNow()));
        var text = await reading;

        Assert.Equal(StreamApi.MediaType, result.MediaType);
        Assert.DoesNotContain("st2.execution__create", text, StringComparison.Ordinal);
        Assert.Single(text.Split("event: st2.execution__update").Skip(1));
        Assert.Contains("\"status\":\"succeeded\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_PostOrSubPath_AnswersFaults()
    {
        var api = new StreamApi(new ApiEventHub(), new InMemoryExecutionStore(), new ExecutionView(CorePack.Catalog, time));

        var post = await api.HandleAsync(With("POST", ""), CancellationToken.None);
        var deeper = await api.HandleAsync(Get("x"), CancellationToken.None);

        Assert.Equal(405, post.StatusCode);
        Assert.Equal(404, deeper.StatusCode);
        Assert.NotEmpty(Fault(deeper));
    }

    private static async Task<string> ReadAsync(ApiResult result)
    {
        using var body = new MemoryStream();
        using var guard = new CancellationTokenSource(HangGuard);
        await result.StreamWriter!(body, guard.Token);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
