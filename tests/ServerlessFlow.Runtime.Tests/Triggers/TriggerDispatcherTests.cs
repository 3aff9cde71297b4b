using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Triggers;

/// <summary>Dispatching an instance under an id that is already stored (a timer tick covering a fire again, a webhook
/// redelivered with its delivery id, a retried send).</summary>
public sealed class TriggerDispatcherTests
{
    private readonly InMemoryTriggerInstanceStore store = new();
    private readonly InMemoryTriggerBus bus = new();
    private readonly TriggerDispatcher dispatcher;

    public TriggerDispatcherTests() => dispatcher = new TriggerDispatcher(store, bus, TimeProvider.System);

    private Task<TriggerInstanceState> DispatchAsync(string id, string value = "first") =>
        dispatcher.DispatchAsync("demo.trigger", new Dictionary<string, object?> { ["v"] = value }, "tag", id);

    [Fact]
    public async Task DispatchAsync_SameIdStillPending_StoresOnceAndPublishesAgain()
    {
        await DispatchAsync("i-1");

        var again = await DispatchAsync("i-1", "second");

        // The first publish may have been lost (the send failed after the store): a retry must reach rule evaluation.
        Assert.Equal("first", again.Payload["v"]);
        Assert.Equal(["i-1", "i-1"], bus.Drain().Select(i => i.Id));
    }

    [Fact]
    public async Task DispatchAsync_SameIdAlreadyProcessed_PublishesNothing()
    {
        var first = await DispatchAsync("i-2");
        bus.Drain();
        await store.UpdateAsync(first with { Status = TriggerInstanceStatus.Processed });

        var again = await DispatchAsync("i-2");

        Assert.Equal(TriggerInstanceStatus.Processed, again.Status);
        Assert.Empty(bus.Drain());
    }
}
