using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 3: the Host and Origin checks that keep web pages (DNS rebinding, cross-site requests) away
/// from a server on the developer's machine, while clients that are not browsers pass on to the API key.</summary>
public sealed class BrowserRequestGuardTests
{
    private static readonly BrowserRequestGuard Loopback = BrowserRequestGuard.ForListener(["http://127.0.0.1:7071"]);

    [Theory]
    [InlineData("127.0.0.1:7071", null)]
    [InlineData("localhost:7071", null)]
    [InlineData("[::1]:7071", null)]
    [InlineData("LOCALHOST", null)]
    [InlineData("127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("localhost:7071", "http://localhost:5173")]
    public void Check_LoopbackHostAndOwnOrigin_PassesOn(string host, string? origin)
    {
        Assert.Null(Loopback.Check(Headers(host, origin)));
    }

    [Theory]
    [InlineData("evil.example:7071", null)]
    [InlineData("evil.example", "http://evil.example")]
    [InlineData("127.0.0.1.evil.example:7071", null)]
    [InlineData("", null)]
    [InlineData("127.0.0.1:7071", "http://evil.example")]
    [InlineData("127.0.0.1:7071", "null")]
    [InlineData("localhost:7071", "http://127.0.0.1:7071")]
    public void Check_ForeignHostOrOrigin_Is403(string host, string? origin)
    {
        Assert.Equal(403, Loopback.Check(Headers(host, origin))?.StatusCode);
    }

    [Fact]
    public void Check_CrossSiteFetchMetadataWithoutOrigin_Is403()
    {
        var headers = Headers("127.0.0.1:7071", null);
        headers["Sec-Fetch-Site"] = "cross-site";

        Assert.Equal(403, Loopback.Check(headers)?.StatusCode);
    }

    [Fact]
    public void Check_ListeningOnAllInterfaces_TakesAddressesAndConfiguredNames()
    {
        var guard = BrowserRequestGuard.ForListener(["http://0.0.0.0:7071"], ["sflow.lan"]);

        Assert.Null(guard.Check(Headers("192.168.1.20:7071", null)));
        Assert.Null(guard.Check(Headers("sflow.lan:7071", null)));
        Assert.Equal(403, guard.Check(Headers("evil.example:7071", null))?.StatusCode);
    }

    private static Dictionary<string, string> Headers(string host, string? origin)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = host };
        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        return headers;
    }
}
