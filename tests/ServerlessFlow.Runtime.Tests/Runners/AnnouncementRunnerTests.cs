using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Runners;

/// <summary>The announcement runner, checked against st2's <c>test_announcementrunner.py</c>.</summary>
public sealed class AnnouncementRunnerTests
{
    [Fact]
    public async Task RunAsync_CoreAnnouncement_PublishesOnRouteAndReturnsParameters()
    {
        var host = new TestHost();
        var message = new Dictionary<string, object?> { ["text"] = "deploy done" };
        var execution = await host.Actions.RunAsync(
            CorePack.Action("core.announcement"),
            new Dictionary<string, object?> { ["message"] = message, ["route"] = "deploys" },
            Path.Combine(CorePack.Directory, "actions"),
            new ExecutionContextState { TraceTag = "t-1" });

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(new Dictionary<string, object?> { ["output"] = new Dictionary<string, object?> { ["message"] = message }, ["message"] = message }, execution.Result);
        var (route, body) = Assert.Single(host.Announcements.Published);
        Assert.Equal("deploys", route);
        Assert.Equal(
            new Dictionary<string, object?> { ["payload"] = new Dictionary<string, object?> { ["message"] = message }, ["trace_context"] = new Dictionary<string, object?> { ["trace_tag"] = "t-1" } },
            body);
    }

    [Fact]
    public async Task RunAsync_WithoutExperimentalFlag_FailsAsStackStorm()
    {
        var publisher = new RecordingAnnouncementPublisher();
        var outcome = await new AnnouncementRunner(publisher).RunAsync(
            new ActionRunRequest { ExecutionId = "e", ActionRef = "some.thing", RunnerParameters = new() { ["route"] = "general" }, ActionParameters = new() { ["test"] = "passed" } },
            CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("Experimental flag is missing for action some.thing", Assert.IsType<Dictionary<string, object?>>(outcome.Result)["error"]);
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task RunAsync_DefaultRoute_IsGeneral()
    {
        var publisher = new RecordingAnnouncementPublisher();
        var outcome = await new AnnouncementRunner(publisher).RunAsync(
            new ActionRunRequest { ExecutionId = "e", ActionRef = "x.y", RunnerParameters = new() { ["experimental"] = true }, ActionParameters = new() { ["test"] = "passed" } },
            CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        Assert.Equal("passed", Assert.IsType<Dictionary<string, object?>>(outcome.Result)["test"]);
        Assert.Equal("general", Assert.Single(publisher.Published).Route);
        Assert.Null(publisher.Published[0].Body["trace_context"]);
    }
}
