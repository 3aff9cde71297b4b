using Azure.Storage.Queues;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Runtime.Triggers;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Functions.Tests.RuleEvaluation;

/// <summary>The default-build trigger bus end to end on Azurite: dispatch → Storage Queue → the queue
/// trigger's method → the rule-evaluation port; redelivery of the same message included.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueRoundTripTests(AzuriteFixture azurite)
{
    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = StorageQueueTriggerBusSender.CreateClient(azurite.Azurite.ConnectionString, "triggers-" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateAsync();
        return queue;
    }

    [Fact]
    public async Task DispatchAsync_ThroughStorageQueue_ReachesRuleEvaluationWithInstanceId()
    {
        var queue = await NewQueueAsync();
        var store = new InMemoryTriggerInstanceStore();
        var dispatcher = new TriggerDispatcher(store, new QueueTriggerBus(new StorageQueueTriggerBusSender(queue)), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var processor = new RecordingProcessor();
        var triggers = new RuleEvaluationTriggers(new TriggerMessageHandler(processor));

        var instance = await dispatcher.DispatchAsync("core.st2.webhook", new Dictionary<string, object?> { ["body"] = "x" }, "trace-q", "ti-queue-1");
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 10)).Value;
        var message = Assert.Single(received);
        var poison = await triggers.RunFromQueueAsync(message, durableClient: null, CancellationToken.None);

        Assert.Null(poison);
        Assert.Equal(new TriggerBusMessage(instance.Id, "trace-q"), Assert.Single(processor.Processed));
    }

    [Fact]
    public async Task DispatchAsync_SameInstanceTwice_StoresOnceAndBothMessagesCarryTheSameId()
    {
        var queue = await NewQueueAsync();
        var store = new InMemoryTriggerInstanceStore();
        var dispatcher = new TriggerDispatcher(store, new QueueTriggerBus(new StorageQueueTriggerBusSender(queue)), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var processor = new RecordingProcessor();
        var triggers = new RuleEvaluationTriggers(new TriggerMessageHandler(processor));

        await dispatcher.DispatchAsync("core.st2.webhook", new Dictionary<string, object?>(), null, "ti-queue-2");
        await dispatcher.DispatchAsync("core.st2.webhook", new Dictionary<string, object?>(), null, "ti-queue-2");
        foreach (var message in (await queue.ReceiveMessagesAsync(maxMessages: 10)).Value)
        {
            Assert.Null(await triggers.RunFromQueueAsync(message, durableClient: null, CancellationToken.None));
        }

        Assert.Single((await store.ListAsync(new TriggerInstanceQuery())).Items);
        Assert.Equal(2, processor.Processed.Count);
        Assert.All(processor.Processed, m => Assert.Equal("ti-queue-2", m.TriggerInstanceId));
    }
}
