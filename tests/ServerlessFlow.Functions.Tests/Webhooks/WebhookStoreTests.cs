using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Webhooks;
using ServerlessFlow.Runtime.Triggers;
using ServerlessFlow.Runtime.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Functions.Tests.Webhooks;

/// <summary>The webhook function over the real dispatch use case and trigger-instance store:
/// accepted requests are stored once, rejected ones leave the store empty.</summary>
public sealed class WebhookStoreTests
{
    private const string ApiKey = "store-test-api-key-0123";
    private const string Secret = "alerts-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly InMemoryTriggerInstanceStore store = new();
    private readonly FakeTimeProvider clock = new(Now);

    private WebhookFunction Create()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.TriggerQueue] = "trigger-instances",
            [AppSettingNames.ApiKey] = ApiKey,
            [AppSettingNames.WebhookAuth] = "{\"alerts\": {\"scheme\": \"shared-secret\", \"secret\": \"" + Secret + "\"}}",
            [AppSettingNames.WebhookMaxBodyBytes] = "2048",
        }).Build();
        var dispatcher = new TriggerWebhookDispatcher(new TriggerDispatcher(store, new InMemoryTriggerBus(), clock), () => new WebhookRegistry(["sample", "alerts"]), clock);
        var settings = FunctionSettings.Read(configuration);
        return new WebhookFunction(new WebhookHandler(dispatcher, settings.WebhookLimits, WebhookAccess.Require(settings.WebhookAuth), clock, NullLogger<WebhookHandler>.Instance));
    }

    private static HttpRequest Request(string body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static (string Name, string Value)[] Signed(string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return [("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", WebhookAuthenticator.SharedSecretSignature(Secret, timestamp, Encoding.UTF8.GetBytes(body)))];
    }

    private async Task<int> StoredCountAsync() => (await store.ListAsync(new TriggerInstanceQuery { Limit = 100 })).Items.Count;

    [Fact]
    public async Task RunAsync_RejectedRequests_StoreNothing()
    {
        var function = Create();
        var results = new List<int>();
        async Task Send(HttpRequest request, string url) => results.Add(((ContentResult)await function.RunAsync(request, url, CancellationToken.None)).StatusCode!.Value);

        await Send(Request("{}"), "sample");                                                       // no API key
        await Send(Request("{}", ("St2-Api-Key", "wrong")), "sample");                             // wrong key
        await Send(Request("{}"), "alerts");                                                        // unsigned
        await Send(Request("{}", Signed("{\"other\": 1}", Now)), "alerts");                         // wrong signature
        await Send(Request("{}", Signed("{}", Now.AddHours(-1))), "alerts");                        // replayed
        await Send(Request("{\"x\": \"" + new string('a', 5000) + "\"}", ("St2-Api-Key", ApiKey)), "sample"); // huge
        await Send(Request("{\"x\": ", ("St2-Api-Key", ApiKey)), "sample");                        // malformed
        await Send(Request("{}", ("St2-Api-Key", ApiKey)), "unknown");                             // unregistered

        Assert.Equal([401, 403, 401, 403, 403, 413, 400, 404], results);
        Assert.Equal(0, await StoredCountAsync());
    }

    [Fact]
    public async Task RunAsync_ValidSignedRequest_StoresOneInstance()
    {
        var result = await Create().RunAsync(Request("{\"alert\": 1}", Signed("{\"alert\": 1}", Now)), "alerts", CancellationToken.None);

        Assert.Equal(202, ((ContentResult)result).StatusCode);
        Assert.Equal(1, await StoredCountAsync());
    }
}
