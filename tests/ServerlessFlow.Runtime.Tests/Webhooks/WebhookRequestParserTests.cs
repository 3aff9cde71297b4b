using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Tests.Webhooks;

public sealed class WebhookRequestParserTests
{
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    private static WebhookRequest? Parse(string hook, string? contentType, string body, out WebhookRejection? rejection, params KeyValuePair<string, string>[] headers) =>
        WebhookRequestParser.TryParse(hook, headers.Length == 0 ? NoHeaders : headers, contentType, Encoding.UTF8.GetBytes(body), out rejection);

    [Fact]
    public void TryParse_JsonBody_KeepsValueAndNormalizesHook()
    {
        var request = Parse("/sample/", "application/json; charset=utf-8", "{\"a\": [1, 2.5, \"x\"]}", out var rejection);

        Assert.Null(rejection);
        Assert.NotNull(request);
        Assert.Equal("sample", request.Hook);
        Assert.Equal("{\"a\": [1, 2.5, \"x\"]}", JsonText.Serialize(request.Body).Replace(",", ", ", StringComparison.Ordinal).Replace(":", ": ", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_NoContentTypeAndEmptyBody_IsEmptyJsonObject()
    {
        var request = Parse("sample", null, "", out var rejection);

        Assert.Null(rejection);
        Assert.Equal(new Dictionary<string, object?>(), request!.Body);
    }

    [Fact]
    public void TryParse_MalformedJson_Returns400WithParserMessage()
    {
        var request = Parse("sample", "application/json", "{\"a\": ", out var rejection);

        Assert.Null(request);
        Assert.Equal(400, rejection!.StatusCode);
        Assert.StartsWith("Failed to parse request body:", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8_Returns400()
    {
        var request = WebhookRequestParser.TryParse("sample", NoHeaders, "application/json", new byte[] { 0x7B, 0xFF, 0x7D }, out var rejection);

        Assert.Null(request);
        Assert.Equal(400, rejection!.StatusCode);
        Assert.Contains("UTF-8", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnsupportedContentType_Returns415NamingIt()
    {
        var request = Parse("sample", "application/xml", "<a/>", out var rejection);

        Assert.Null(request);
        Assert.Equal(415, rejection!.StatusCode);
        Assert.Contains("application/xml", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TextPlain_BodyIsText()
    {
        var request = Parse("sample", "text/plain", "hello", out _);

        Assert.Equal("hello", request!.Body);
    }

    [Fact]
    public void TryParse_FormBody_IsParseQsShape()
    {
        var request = Parse("sample", "application/x-www-form-urlencoded", "a=1&a=2&b=x+y", out _);

        Assert.Equal("{\"a\":[\"1\",\"2\"],\"b\":[\"x y\"]}", JsonText.Serialize(request!.Body).Replace(", ", ",", StringComparison.Ordinal).Replace(": ", ":", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_Headers_DropsCredentialsAndTakesTraceTagAndDelivery()
    {
        var request = Parse("github", "application/json", "{}", out _,
            new("St2-Api-Key", "secret"),
            new("X-Auth-Token", "token"),
            new("Cookie", "c=1"),
            new("St2-Trace-Tag", "trace-1"),
            new("X-GitHub-Delivery", "d-42"),
            new("X-GitHub-Event", "push"));

        Assert.Equal("trace-1", request!.TraceTag);
        Assert.Equal("d-42", request.DeliveryId);
        Assert.Equal(["X-GitHub-Delivery", "X-GitHub-Event"], request.Headers.Keys.Order(StringComparer.Ordinal));
        var payload = request.ToTriggerPayload();
        Assert.Equal("push", ((Dictionary<string, object?>)payload["headers_lower"]!)["x-github-event"]);
    }

    [Fact]
    public void TryParse_EmptyHook_Returns404()
    {
        var request = Parse("/", "application/json", "{}", out var rejection);

        Assert.Null(request);
        Assert.Equal(404, rejection!.StatusCode);
    }

    [Theory]
    [InlineData("[1]", "Webhook body needs to be an object, got: array")]
    [InlineData("{\"payload\": {}}", "Trigger not specified.")]
    [InlineData("{\"trigger\": \"\"}", "Trigger not specified.")]
    [InlineData("{\"trigger\": 5}", "Trigger must be a string reference such as \"pack.trigger\", got: number")]
    public void TryParse_SystemHookBadBody_Returns400WithStackStormMessage(string body, string message)
    {
        var request = Parse("st2", "application/json", body, out var rejection);

        Assert.Null(request);
        Assert.Equal(400, rejection!.StatusCode);
        Assert.Equal(message, rejection.Message);
    }

    [Fact]
    public void TryParse_SystemHook_ReadsTriggerAndPayload()
    {
        var request = Parse("st2/", "application/json", "{\"trigger\": \"examples.sample\", \"payload\": {\"k\": 1}}", out _);

        Assert.True(request!.IsSystemHook);
        var body = SystemWebhookBody.TryRead(request.Body, out _);
        Assert.Equal("examples.sample", body!.Trigger);
        Assert.Equal(1L, ((Dictionary<string, object?>)body.Payload!)["k"]);
    }

    [Fact]
    public void ParseQueryString_GoldenCases_MatchPythonParseQs()
    {
        var golden = (List<object?>)JsonText.Parse(File.ReadAllText(GoldenPath("parse_qs.json")))!;
        Assert.NotEmpty(golden);
        foreach (Dictionary<string, object?> testCase in golden.Cast<Dictionary<string, object?>>())
        {
            var input = (string)testCase["input"]!;
            var actual = WebhookRequestParser.ParseQueryString(input);
            Assert.True(
                JsonText.Serialize(testCase["expected"]) == JsonText.Serialize(actual),
                $"parse_qs({input}): expected {JsonText.Serialize(testCase["expected"])}, got {JsonText.Serialize(actual)}");
        }
    }

    private static string GoldenPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "ServerlessFlow.Runtime.Tests", "Webhooks", "Golden", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Golden file {name} not found above {AppContext.BaseDirectory}.");
    }
}
