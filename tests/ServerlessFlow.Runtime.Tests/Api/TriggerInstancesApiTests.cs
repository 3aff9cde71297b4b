using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class TriggerInstancesApiTests
{
    private readonly ApiWorld world = new();

    [Fact]
    public async Task HandleAsync_ReEmit_DispatchesNewInstanceWithSamePayloadAndTraceTag()
    {
        var original = await world.Host.Triggers.DispatchAsync("examples.order", new() { ["n"] = 1L }, "tag-1", triggerParameters: new() { ["p"] = "v" });

        var result = await world.CallAsync("triggerinstances", With("POST", $"{original.Id}/re_emit"));

        Assert.Equal(200, result.StatusCode);
        var emitted = await world.Host.TriggerInstances.GetAsync((string)Object(result)["id"]!);
        Assert.NotEqual(original.Id, emitted?.Id);
        Assert.Equal("examples.order", emitted?.Trigger);
        Assert.Equal(1L, emitted?.Payload["n"]);
        Assert.Equal("tag-1", emitted?.TraceTag);
        Assert.Equal("v", emitted?.TriggerParameters["p"]);
    }

    [Fact]
    public async Task HandleAsync_ReEmitUnknown_Answers404()
    {
        var result = await world.CallAsync("triggerinstances", With("POST", "missing/re_emit"));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Trigger instance missing was not found.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_ListByTrigger_AnswersOnlyThatTrigger()
    {
        var wanted = await world.Host.Triggers.DispatchAsync("examples.order", []);
        await world.Host.Triggers.DispatchAsync("examples.other", []);

        var result = await world.CallAsync("triggerinstances", Get("", ("trigger", "examples.order")));

        Assert.Equal([wanted.Id], Ids(result));
    }

    [Fact]
    public async Task HandleAsync_GetExisting_AnswersInstance()
    {
        var instance = await world.Host.Triggers.DispatchAsync("examples.order", new() { ["n"] = 2L });

        var result = await world.CallAsync("triggerinstances", Get(instance.Id));

        Assert.Equal(instance.Id, Object(result)["id"]);
    }
}
