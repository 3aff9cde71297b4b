using System.Text;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Tests.Webhooks;

public sealed class TriggerWebhookDispatcherTests
{
    private readonly InMemoryTriggerInstanceStore store = new();
    private readonly InMemoryTriggerBus bus = new();

    private TriggerWebhookDispatcher Create(Func<string, Dictionary<string, object?>?>? schemas = null)
    {
        var time = TimeProvider.System;
        return new TriggerWebhookDispatcher(new TriggerDispatcher(store, bus, time, schemas), () => new WebhookRegistry(["/sample/", "github"]), time);
    }

    private static WebhookRequest Request(string hook, string body, params KeyValuePair<string, string>[] headers) =>
        WebhookRequestParser.TryParse(hook, headers, "application/json", Encoding.UTF8.GetBytes(body), out _)
        ?? throw new InvalidOperationException("test request did not parse");

    private async Task<IReadOnlyList<TriggerInstanceState>> StoredAsync() => (await store.ListAsync(new TriggerInstanceQuery { Limit = 100 })).Items;

    [Fact]
    public async Task DispatchAsync_RegisteredHook_StoresWebhookInstanceAndPublishesIt()
    {
        var outcome = await Create().DispatchAsync(Request("sample", "{\"a\": 1}", new("St2-Trace-Tag", "t-1"), new("X-Thing", "v")), CancellationToken.None);

        Assert.Null(outcome.Rejection);
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(Assert.Single(outcome.TriggerInstanceIds), stored.Id);
        Assert.Equal("core.st2.webhook", stored.Trigger);
        Assert.Equal("t-1", stored.TraceTag);
        Assert.Equal(1L, ((Dictionary<string, object?>)stored.Payload["body"]!)["a"]);
        Assert.Equal("v", ((Dictionary<string, object?>)stored.Payload["headers_lower"]!)["x-thing"]);
        Assert.Equal(stored.Id, Assert.Single(bus.Drain()).Id);
    }

    [Fact]
    public async Task DispatchAsync_UnregisteredHook_Returns404AndStoresNothing()
    {
        var outcome = await Create().DispatchAsync(Request("other", "{}"), CancellationToken.None);

        Assert.Equal(404, outcome.Rejection!.StatusCode);
        Assert.Equal("Webhook other not registered with st2", outcome.Rejection.Message);
        Assert.Empty(await StoredAsync());
        Assert.Empty(bus.Drain());
    }

    [Fact]
    public async Task DispatchAsync_SystemHook_DispatchesNamedTrigger()
    {
        await Create().DispatchAsync(Request("st2", "{\"trigger\": \"examples.sample\", \"payload\": {\"k\": \"v\"}}"), CancellationToken.None);

        var stored = Assert.Single(await StoredAsync());
        Assert.Equal("examples.sample", stored.Trigger);
        Assert.Equal("v", stored.Payload["k"]);
        Assert.StartsWith("webhook-st2-", stored.TraceTag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_NoTraceTagHeader_OutcomeCarriesTheMadeUpTag()
    {
        var outcome = await Create().DispatchAsync(Request("sample", "{}"), CancellationToken.None);

        var stored = Assert.Single(await StoredAsync());
        Assert.Equal($"webhook-sample-{stored.Id}", outcome.TraceTag);
        Assert.Equal(stored.TraceTag, outcome.TraceTag);
    }

    [Fact]
    public async Task DispatchAsync_TraceTagHeader_OutcomeCarriesTheCallersTag()
    {
        var outcome = await Create().DispatchAsync(Request("sample", "{}", new KeyValuePair<string, string>("St2-Trace-Tag", "t-9")), CancellationToken.None);

        Assert.Equal("t-9", outcome.TraceTag);
    }

    [Fact]
    public async Task DispatchAsync_SystemHookPayloadNotObject_Returns400()
    {
        var outcome = await Create().DispatchAsync(Request("st2", "{\"trigger\": \"examples.sample\", \"payload\": [1]}"), CancellationToken.None);

        Assert.Equal(400, outcome.Rejection!.StatusCode);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task DispatchAsync_PayloadInvalidForTriggerType_Returns400WithReason()
    {
        var schema = new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object?> { ["k"] = new Dictionary<string, object?> { ["type"] = "integer", ["required"] = true } },
        };

        var outcome = await Create(t => t == "examples.sample" ? schema : null)
            .DispatchAsync(Request("st2", "{\"trigger\": \"examples.sample\", \"payload\": {\"k\": \"text\"}}"), CancellationToken.None);

        Assert.Equal(400, outcome.Rejection!.StatusCode);
        Assert.Contains("examples.sample", outcome.Rejection.Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task DispatchAsync_GitHubRedelivery_StoresOneInstance()
    {
        var dispatcher = Create();
        var first = await dispatcher.DispatchAsync(Request("github", "{}", KeyValuePair.Create("X-GitHub-Delivery", "d-1")), CancellationToken.None);
        var second = await dispatcher.DispatchAsync(Request("github", "{}", KeyValuePair.Create("X-GitHub-Delivery", "d-1")), CancellationToken.None);

        Assert.Equal(first.TriggerInstanceIds, second.TriggerInstanceIds);
        Assert.Single(await StoredAsync());
    }
}
