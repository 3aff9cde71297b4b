using System.Net;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Pipeline;

/// <summary>What the host's HTTP pipeline does to the API that in-process tests could not show: routes without a rest
/// segment, headers set on the invocation's response, the API key check, and StackStorm's webhook answer.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class ApiSurfaceTests(FunctionsHostFixture fixture)
{
    [SkippableFact]
    public async Task Api_ThroughHostPipeline_RoutesHeadersAndKeyReachTheClient()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;

        // /api/v1/executions (no rest) reaches the v1/executions/{*rest} function, and the continuation header set on the
        // invocation's HttpContext.Response reaches the client.
        Assert.Equal(HttpStatusCode.Accepted, await api.PostWebhookAsync("hosttests/once", """{"tag":"surface-1"}""", "host-surface"));
        Assert.Equal(HttpStatusCode.Accepted, await api.PostWebhookAsync("hosttests/once", """{"tag":"surface-2"}""", "host-surface"));
        var page = await Eventually.WaitAsync(
            () => api.ExchangeAsync(HttpMethod.Get, "/api/v1/triggerinstances?trigger=core.st2.webhook&limit=1"),
            r => r.Headers.ContainsKey("X-Continuation-Token"), TimeSpan.FromMinutes(2), "a first page with a continuation token", fixture.Diagnostics);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Single((List<object?>)page.Body!);
        var next = await api.ExchangeAsync(HttpMethod.Get, "/api/v1/triggerinstances?trigger=core.st2.webhook&limit=1&continuation_token=" + Uri.EscapeDataString(page.Headers["X-Continuation-Token"]));
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.NotEqual(Field(((List<object?>)page.Body!)[0], "id"), Field(((List<object?>)next.Body!)[0], "id"));

        // A method the resource does not take: 405 with Allow, both from the app's answer.
        var notAllowed = await api.ExchangeAsync(HttpMethod.Delete, "/api/v1/executions/some-id/children");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.Status);
        Assert.True(notAllowed.Headers.ContainsKey("Allow"), "Allow header: " + string.Join(", ", notAllowed.Headers.Keys));

        // Anonymous at the host, so the app's key check is what refuses a request without the key.
        using var anonymous = new HttpClient { BaseAddress = new Uri(fixture.Host.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/executions", UriKind.Relative))).StatusCode);
        using var hook = new StringContent("""{"tag":"no-key"}""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/api/v1/webhooks/hosttests/once", UriKind.Relative), hook)).StatusCode);

        // StackStorm's webhook answer: 202 with the body echoed.
        var (status, echoed) = await api.SendAsync(HttpMethod.Post, "/api/v1/webhooks/hosttests/once", """{"tag":"echo"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("echo", Field(echoed, "tag"));
    }
}
