using Microsoft.AspNetCore.Http;
using ServerlessFlow.Functions.Api;

namespace ServerlessFlow.Functions.Tests.Api;

public sealed class HttpRequestsTests
{
    [Theory]
    [InlineData("https", "flow.azurewebsites.net", "/api/v1/executions/abc", "https://flow.azurewebsites.net/api/console/")]
    [InlineData("http", "127.0.0.1:7071", "/api/v1/executions", "http://127.0.0.1:7071/api/console/")]
    [InlineData("https", "flow.example", "/custom/v1/executions", "https://flow.example/custom/console/")]
    public void ConsoleUrl_ApiRequest_IsTheConsoleBelowTheSameRoutePrefix(string scheme, string host, string path, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.Path = path;

        Assert.Equal(expected, HttpRequests.ConsoleUrl(context.Request));
        Assert.Equal(expected, HttpRequests.ToApiRequest(context.Request, "abc", withConsole: true).ConsoleUrl);
        Assert.Null(HttpRequests.ToApiRequest(context.Request, "abc").ConsoleUrl);
    }
}
