using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues.Models;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Tests.RuleEvaluation;

public sealed class TriggerMessageHandlerTests
{
    private readonly RecordingProcessor processor = new();

    private static readonly NoOrchestrationClient NoWorkflows = new("these tests process messages without workflows");

    private TriggerMessageHandler Handler => new(processor);

    private static ServiceBusReceivedMessage ServiceBusMessage(string messageId, BinaryData body, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: messageId, deliveryCount: deliveryCount);

    private static QueueMessage StorageQueueMessage(BinaryData body) =>
        QueuesModelFactory.QueueMessage("queue-assigned-id", "pop", body, dequeueCount: 1);

    [Fact]
    public async Task HandleAsync_ServiceBusMessage_ProcessesInstance()
    {
        var body = new TriggerBusMessage("ti-1", "trace-1").ToBinaryData();
        var message = ServiceBusMessage("ti-1", body);

        var outcome = await Handler.HandleAsync(message.MessageId, message.Body, NoWorkflows, CancellationToken.None);

        Assert.False(outcome.IsPoison);
        Assert.Equal(new TriggerBusMessage("ti-1", "trace-1"), Assert.Single(processor.Processed));
    }

    [Fact]
    public async Task RunFromQueueAsync_ValidMessage_ProcessesAndWritesNoPoison()
    {
        var triggers = new RuleEvaluationTriggers(Handler);

        var poison = await triggers.RunFromQueueAsync(StorageQueueMessage(new TriggerBusMessage("ti-2", null).ToBinaryData()), durableClient: null, CancellationToken.None);

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

        var poison = await triggers.RunFromQueueAsync(StorageQueueMessage(BinaryData.FromString(body)), durableClient: null, CancellationToken.None);

        var record = (Dictionary<string, object?>)JsonText.Parse(poison!)!;
        Assert.Equal(TriggerMessageHandler.MalformedReason, record["reason"]);
        Assert.Equal(body, record["message"]);
        Assert.False(string.IsNullOrEmpty(record["description"] as string));
        Assert.Empty(processor.Processed);
    }

    [Fact]
    public async Task HandleAsync_ServiceBusMessageIdDiffersFromBody_IsPoisonWithReason()
    {
        var message = ServiceBusMessage("other-id", new TriggerBusMessage("ti-3", null).ToBinaryData());

        var outcome = await Handler.HandleAsync(message.MessageId, message.Body, NoWorkflows, CancellationToken.None);

        Assert.Equal(TriggerMessageHandler.MismatchReason, outcome.PoisonReason);
        Assert.Contains("other-id", outcome.PoisonDescription, StringComparison.Ordinal);
        Assert.Empty(processor.Processed);
    }

    [Fact]
    public async Task HandleAsync_InvalidUtf8_IsPoison()
    {
        var outcome = await Handler.HandleAsync(null, BinaryData.FromBytes(new byte[] { 0xFF, 0xFE }), NoWorkflows, CancellationToken.None);

        Assert.Equal(TriggerMessageHandler.MalformedReason, outcome.PoisonReason);
    }

    [Fact]
    public async Task HandleAsync_ProcessorFails_ThrowsSoTheMessageIsRetried()
    {
        processor.FailWith = new TimeoutException("store busy");
        var message = ServiceBusMessage("ti-4", new TriggerBusMessage("ti-4", null).ToBinaryData());

        await Assert.ThrowsAsync<TimeoutException>(() => Handler.HandleAsync(message.MessageId, message.Body, NoWorkflows, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_SameMessageDeliveredThreeTimes_HandsTheSameInstanceIdEachTime()
    {
        // The processor (rule evaluation) is what makes redelivery harmless: it is keyed by this id.
        var body = new TriggerBusMessage("ti-5", "t").ToBinaryData();
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var message = ServiceBusMessage("ti-5", body, delivery);
            Assert.False((await Handler.HandleAsync(message.MessageId, message.Body, NoWorkflows, CancellationToken.None)).IsPoison);
        }

        Assert.All(processor.Processed, m => Assert.Equal("ti-5", m.TriggerInstanceId));
        Assert.Equal(3, processor.Processed.Count);
    }

    [Fact]
    public async Task HandleAsync_MessageFromServiceBusSender_IsProcessed()
    {
        // Sender and receiver agree: what ServiceBusTriggerBusSender builds is what the trigger accepts.
        var sent = ServiceBusTriggerBusSender.ToServiceBusMessage(new TriggerBusMessage("ti-6", "t6"));
        var received = ServiceBusMessage(sent.MessageId, sent.Body);

        var outcome = await Handler.HandleAsync(received.MessageId, received.Body, NoWorkflows, CancellationToken.None);

        Assert.False(outcome.IsPoison);
        Assert.Equal("ti-6", Assert.Single(processor.Processed).TriggerInstanceId);
    }
}
