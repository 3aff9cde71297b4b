using Azure;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ServerlessFlow.Azure.TriggerBus;

namespace ServerlessFlow.Azure.Tests.TriggerBus;

public sealed class TriggerBusSenderTests
{
    [Fact]
    public async Task ServiceBusSender_SendAsync_SetsMessageIdToInstanceId()
    {
        var sender = new CapturingServiceBusSender();

        await new ServiceBusTriggerBusSender(sender).SendAsync(new TriggerBusMessage("ti-1", "trace-1"), CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Equal("ti-1", sent.MessageId);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("trace-1", sent.ApplicationProperties["trace_tag"]);
        Assert.Equal(new TriggerBusMessage("ti-1", "trace-1"), TriggerBusMessage.TryRead(sent.Body, out _));
    }

    [Fact]
    public async Task StorageQueueSender_SendAsync_SendsJsonBody()
    {
        var queue = new CapturingQueueClient();

        await new StorageQueueTriggerBusSender(queue).SendAsync(new TriggerBusMessage("ti-2", null), CancellationToken.None);

        Assert.Equal(new TriggerBusMessage("ti-2", null), TriggerBusMessage.TryRead(Assert.Single(queue.Sent), out _));
    }

    [Fact]
    public void StorageQueueSender_ClientOptions_EncodeBase64LikeTheFunctionsTrigger()
    {
        Assert.Equal(QueueMessageEncoding.Base64, StorageQueueTriggerBusSender.ClientOptions().MessageEncoding);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"id\": 1}", "non-empty string \"id\"")]
    [InlineData("{\"id\": \"x\", \"trace_tag\": 2}", "\"trace_tag\" must be a string or null")]
    public void TryRead_BadBody_NamesTheProblem(string body, string expected)
    {
        Assert.Null(TriggerBusMessage.TryRead(BinaryData.FromString(body), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    private sealed class CapturingServiceBusSender : ServiceBusSender
    {
        public List<ServiceBusMessage> Sent { get; } = [];

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class CapturingQueueClient : QueueClient
    {
        public List<BinaryData> Sent { get; } = [];

        public override Task<Response<SendReceipt>> SendMessageAsync(BinaryData message, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.FromResult(Response.FromValue(QueuesModelFactory.SendReceipt("id", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "pop", DateTimeOffset.UnixEpoch), new NoResponse()));
        }
    }

    private sealed class NoResponse : Response
    {
        public override int Status => 201;

        public override string ReasonPhrase => "Created";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<global::Azure.Core.HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = string.Empty;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
    }
}
