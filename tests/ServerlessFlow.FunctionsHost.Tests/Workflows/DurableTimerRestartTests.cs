using System.Net;
using ServerlessFlow.Core.Values;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using Xunit.Abstractions;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Workflows;

/// <summary>A workflow waiting on a durable timer when its host dies carries on in the host that replaces it.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class DurableTimerRestartTests(FunctionsHostFixture fixture, ITestOutputHelper output)
{
    // The kill comes once the timer is in the orchestration's history: its message is then a scheduled message in a control
    // queue, invisible until due, so the killed host cannot have read it. The ceiling allows for a message the killed host
    // had read and not finished, which comes back after the task hub's control-queue visibility timeout (5 minutes).
    [SkippableFact]
    public async Task Workflow_HostKilledWhileWaitingOnDurableTimer_CompletesOnRestartedHost()
    {
        fixture.SkipIfUnavailable();
        var storage = new AppStorage(fixture.Azurite.ConnectionString, fixture.Options);
        var (status, started) = await fixture.Api.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"hosttests.wait","parameters":{"delay":20}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)Field(started, "id")!;
        await Eventually.WaitAsync(() => storage.HistoryHasAsync(id, "TimerCreated"), has => has, TimeSpan.FromMinutes(3), "the durable timer in the history", fixture.Diagnostics);

        await fixture.KillAndRestartAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} restarted host answers ({(fixture.Host.ReadyAt - fixture.Host.StartedAt).TotalSeconds:F0} s after start)");

        var done = await fixture.Api.WaitForExecutionEndAsync(id, TimeSpan.FromMinutes(8), fixture.Diagnostics);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} workflow ended");
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("""{"output":{"waited":20}}""", JsonText.Serialize(Field(done, "result")));
        var task = Assert.Single((List<object?>)(await fixture.Api.GetAsync($"/api/v1/executions/{id}/children"))!);
        Assert.Equal("succeeded", Field(task, "status"));
    }
}
