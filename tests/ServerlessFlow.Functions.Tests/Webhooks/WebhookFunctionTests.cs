using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Telemetry;
using ServerlessFlow.Functions.Webhooks;
using ServerlessFlow.Runtime.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Functions.Tests.Webhooks;

public sealed class WebhookFunctionTests
{
    private const string ApiKey = "test-api-key-0123456789";
    private const string GitHubSecret = "gh-secret";
    private const string SharedSecret = "alerts-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly RecordingWebhookDispatcher dispatcher = new();
    private readonly FakeTimeProvider clock = new(Now);

    private WebhookFunction CreateFunction(int maxBodyBytes = 4096)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.TriggerQueue] = "trigger-instances",
            [AppSettingNames.ApiKey] = ApiKey,
            [AppSettingNames.WebhookAuth] = "{\"github\": {\"scheme\": \"github\", \"secret\": \"" + GitHubSecret + "\"}, \"alerts\": {\"scheme\": \"shared-secret\", \"secret\": \"" + SharedSecret + "\"}}",
            [AppSettingNames.WebhookMaxBodyBytes] = maxBodyBytes.ToString(CultureInfo.InvariantCulture),
            [AppSettingNames.WebhookReplayWindowSeconds] = "300",
        }).Build();
        var settings = FunctionSettings.Read(configuration);
        return new WebhookFunction(new WebhookHandler(dispatcher, settings.WebhookLimits, WebhookAccess.Require(settings.WebhookAuth), clock, NullLogger<WebhookHandler>.Instance));
    }

    private static HttpRequest Request(string body, string? contentType = "application/json", bool sendContentLength = true, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        if (sendContentLength)
        {
            context.Request.ContentLength = bytes.Length;
        }

        context.Request.ContentType = contentType;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static (int Status, string Body) Result(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal("application/json", content.ContentType);
        return (content.StatusCode!.Value, content.Content!);
    }

    [Fact]
    public async Task RunAsync_ValidApiKey_Returns202EchoingBodyAndDispatchesOnce()
    {
        var result = await CreateFunction().RunAsync(
            Request("{\"name\": \"Thanos\"}", headers: [("St2-Api-Key", ApiKey), ("St2-Trace-Tag", "trace-7"), ("X-Custom", "v")]),
            "sample/",
            CancellationToken.None);

        var (status, body) = Result(result);
        Assert.Equal(202, status);
        Assert.Equal("Thanos", ((Dictionary<string, object?>)JsonText.Parse(body)!)["name"]);
        var dispatched = Assert.Single(dispatcher.Dispatched);
        Assert.Equal("sample", dispatched.Hook);
        Assert.Equal("trace-7", dispatched.TraceTag);
        Assert.Equal("v", dispatched.Headers["X-Custom"]);
        Assert.False(dispatched.Headers.ContainsKey("St2-Api-Key"));
    }

    [Fact]
    public async Task RunAsync_GitHubSigned_Returns202()
    {
        const string body = "{\"action\": \"opened\"}";
        var signature = WebhookAuthenticator.GitHubSignature(GitHubSecret, Encoding.UTF8.GetBytes(body));

        var result = await CreateFunction().RunAsync(
            Request(body, headers: [("X-Hub-Signature-256", signature), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")]),
            "github",
            CancellationToken.None);

        Assert.Equal(202, Result(result).Status);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", Assert.Single(dispatcher.Dispatched).DeliveryId);
    }

    [Fact]
    public async Task RunAsync_SharedSecretSignedNow_Returns202()
    {
        const string body = "{\"alert\": \"disk\"}";
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = WebhookAuthenticator.SharedSecretSignature(SharedSecret, timestamp, Encoding.UTF8.GetBytes(body));

        var result = await CreateFunction().RunAsync(
            Request(body, headers: [("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", signature)]), "alerts", CancellationToken.None);

        Assert.Equal(202, Result(result).Status);
        Assert.Single(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_Unsigned_Returns401AndDispatchesNothing()
    {
        var result = await CreateFunction().RunAsync(Request("{}", headers: [("St2-Api-Key", ApiKey)]), "github", CancellationToken.None);

        var (status, body) = Result(result);
        Assert.Equal(401, status);
        Assert.Contains("X-Hub-Signature-256", body, StringComparison.Ordinal);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_NoApiKey_Returns401AndDispatchesNothing()
    {
        var result = await CreateFunction().RunAsync(Request("{}"), "sample", CancellationToken.None);

        Assert.Equal(401, Result(result).Status);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_WrongSignature_Returns403AndDispatchesNothing()
    {
        var signature = WebhookAuthenticator.GitHubSignature("wrong", Encoding.UTF8.GetBytes("{}"));

        var result = await CreateFunction().RunAsync(Request("{}", headers: [("X-Hub-Signature-256", signature)]), "github", CancellationToken.None);

        Assert.Equal(403, Result(result).Status);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_ReplayedOldTimestamp_Returns403AndDispatchesNothing()
    {
        const string body = "{\"alert\": \"disk\"}";
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = WebhookAuthenticator.SharedSecretSignature(SharedSecret, timestamp, Encoding.UTF8.GetBytes(body));
        var function = CreateFunction();
        clock.SetUtcNow(Now.AddMinutes(10));

        var result = await function.RunAsync(Request(body, headers: [("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", signature)]), "alerts", CancellationToken.None);

        var (status, text) = Result(result);
        Assert.Equal(403, status);
        Assert.Contains("replay window", text, StringComparison.Ordinal);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_HugeBody_Returns413AndDispatchesNothing(bool sendContentLength)
    {
        var huge = "{\"x\": \"" + new string('a', 10_000) + "\"}";

        var result = await CreateFunction(maxBodyBytes: 4096).RunAsync(
            Request(huge, sendContentLength: sendContentLength, headers: [("St2-Api-Key", ApiKey)]), "sample", CancellationToken.None);

        Assert.Equal(413, Result(result).Status);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_MalformedJson_Returns400AndDispatchesNothing()
    {
        var result = await CreateFunction().RunAsync(Request("{\"a\": ", headers: [("St2-Api-Key", ApiKey)]), "sample", CancellationToken.None);

        var (status, body) = Result(result);
        Assert.Equal(400, status);
        Assert.Contains("Failed to parse request body", body, StringComparison.Ordinal);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_UnsupportedContentType_Returns415()
    {
        var result = await CreateFunction().RunAsync(Request("<a/>", "application/xml", headers: [("St2-Api-Key", ApiKey)]), "sample", CancellationToken.None);

        Assert.Equal(415, Result(result).Status);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_SystemHookWithoutTrigger_Returns400()
    {
        var result = await CreateFunction().RunAsync(Request("{\"payload\": {}}", headers: [("St2-Api-Key", ApiKey)]), "st2", CancellationToken.None);

        var (status, body) = Result(result);
        Assert.Equal(400, status);
        Assert.Contains("Trigger not specified.", body, StringComparison.Ordinal);
        Assert.Empty(dispatcher.Dispatched);
    }

    [Fact]
    public async Task RunAsync_FormBody_EchoesParsedForm()
    {
        var result = await CreateFunction().RunAsync(
            Request("a=1&a=2", "application/x-www-form-urlencoded", headers: [("St2-Api-Key", ApiKey)]), "sample", CancellationToken.None);

        var (status, body) = Result(result);
        Assert.Equal(202, status);
        Assert.Equal("{\"a\":[\"1\",\"2\"]}", body);
    }

    [Fact]
    public async Task RunAsync_DispatcherRejects_ReturnsItsStatus()
    {
        dispatcher.Outcome = WebhookDispatchOutcome.Rejected(new WebhookRejection(404, "Webhook nothing not registered"));

        var result = await CreateFunction().RunAsync(Request("{}", headers: [("St2-Api-Key", ApiKey)]), "nothing", CancellationToken.None);

        Assert.Equal(404, Result(result).Status);
    }

    [Fact]
    public async Task RunAsync_Accepted_SpanCarriesTraceTag()
    {
        var tags = new List<string?>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SflowTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => tags.Add(activity.GetTagItem(SflowTelemetry.TraceTagAttribute) as string),
        };
        ActivitySource.AddActivityListener(listener);

        await CreateFunction().RunAsync(Request("{}", headers: [("St2-Api-Key", ApiKey), ("St2-Trace-Tag", "trace-otel")]), "sample", CancellationToken.None);

        Assert.Contains("trace-otel", tags);
    }
}
