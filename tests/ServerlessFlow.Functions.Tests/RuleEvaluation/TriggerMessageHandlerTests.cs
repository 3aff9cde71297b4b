using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues.Models;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.RuleEvaluation;

namespace ServerlessFlow.Functions.Tests.RuleEvaluation;

public sealed class TriggerMessageHandlerTests
{
    private readonly RecordingProcessor processor = new();

    private TriggerMessageHandler Handler => new(processor);

    private static ServiceBusReceivedMessage ServiceBusMessage(string messageId, BinaryData body, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: messageId, deliveryCount: deliveryCount);

    private static QueueMessage StorageQueueMessage(BinaryData body) =>
        QueuesModelFactory.QueueMessage("queue-assigned-id", "pop", body, dequeueCount: 1);

    [Fact]
    public async Task HandleAsync_ServiceBusMessage_ProcessesInstance()
    {
        var body = TriggerMessageHandler.Write(new TriggerMessage("ti-1", "trace-1"));
        var message = ServiceBusMessage("ti-1", body);

        var outcome = await Handler.HandleAsync(message.MessageId, message.Body, CancellationToken.None);

        Assert.False(outcome.IsPoison);
        Assert.Equal(new TriggerMessage("ti-1", "trace-1"), Assert.Single(processor.Processed));
    }

    [Fact]
    public async Task RunFromQueueAsync_ValidMessage_ProcessesAndWritesNoPoison()
    {
        var triggers = new RuleEvaluationTriggers(Handler);

        var poison = await triggers.RunFromQueueAsync(StorageQueueMessage(TriggerMessageHandler.Write(new TriggerMessage("ti-2", null))), CancellationToken.None);

        Assert.Null(poison);
        Assert.Equal("ti-2", Assert.Single(processor.Processed).TriggerInstanceId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"id\": 5}")]
    [InlineData("{\"id\": \"\"}")]
    [InlineData("{\"id\": \"ti\", \"trace_tag\": {}}")]
    public async Task RunFromQueueAsync_MalformedMessage_WritesPoisonRecordWithReason(string body)
    {
        var triggers = new RuleEvaluationTriggers(Handler);

        var poison = await triggers.RunFromQueueAsync(StorageQueueMessage(BinaryData.FromString(body)), CancellationToken.None);

        var record = (Dictionary<string, object?>)JsonText.Parse(poison!)!;
        Assert.Equal(TriggerMessageHandler.MalformedReason, record["reason"]);
        Assert.Equal(body, record["message"]);
        Assert.False(string.IsNullOrEmpty(record["description"] as string));
        Assert.Empty(processor.Processed);
    }

    [Fact]
    public async Task HandleAsync_ServiceBusMessageIdDiffersFromBody_IsPoisonWithReason()
    {
        var message = ServiceBusMessage("other-id", TriggerMessageHandler.Write(new TriggerMessage("ti-3", null)));

        var outcome = await Handler.HandleAsync(message.MessageId, message.Body, CancellationToken.None);

        Assert.Equal(TriggerMessageHandler.MismatchReason, outcome.PoisonReason);
        Assert.Contains("other-id", outcome.PoisonDescription, StringComparison.Ordinal);
        Assert.Empty(processor.Processed);
    }

    [Fact]
    public async Task HandleAsync_InvalidUtf8_IsPoison()
    {
        var outcome = await Handler.HandleAsync(null, BinaryData.FromBytes(new byte[] { 0xFF, 0xFE }), CancellationToken.None);

        Assert.Equal(TriggerMessageHandler.MalformedReason, outcome.PoisonReason);
    }

    [Fact]
    public async Task HandleAsync_ProcessorFails_ThrowsSoTheMessageIsRetried()
    {
        processor.FailWith = new TimeoutException("store busy");
        var message = ServiceBusMessage("ti-4", TriggerMessageHandler.Write(new TriggerMessage("ti-4", null)));

        await Assert.ThrowsAsync<TimeoutException>(() => Handler.HandleAsync(message.MessageId, message.Body, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_SameMessageDeliveredThreeTimes_HandsTheSameInstanceIdEachTime()
    {
        // The processor (rule evaluation) is what makes redelivery harmless: it is keyed by this id.
        var body = TriggerMessageHandler.Write(new TriggerMessage("ti-5", "t"));
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var message = ServiceBusMessage("ti-5", body, delivery);
            Assert.False((await Handler.HandleAsync(message.MessageId, message.Body, CancellationToken.None)).IsPoison);
        }

        Assert.All(processor.Processed, m => Assert.Equal("ti-5", m.TriggerInstanceId));
        Assert.Equal(3, processor.Processed.Count);
    }
}
