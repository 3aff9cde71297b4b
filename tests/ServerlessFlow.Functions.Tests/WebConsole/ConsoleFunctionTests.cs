using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServerlessFlow.Functions.WebConsole;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Functions.Tests.WebConsole;

/// <summary>The web console served by the Functions app at <c>/api/console/</c>, called as the host calls the function.</summary>
public sealed class ConsoleFunctionTests
{
    private static HttpRequest Get(string path, string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return context.Request;
    }

    [Fact]
    public void Run_ConsoleWithoutTrailingSlash_RedirectsBelowItSoRelativeAssetsResolve()
    {
        var result = new ConsoleFunction().Run(Get("/api/console"), null);

        Assert.Equal("/api/console/", Assert.IsType<RedirectResult>(result).Url);
    }

    [Fact]
    public void Run_ConsoleRoot_AnswersThePageWithItsContentSecurityPolicy()
    {
        var request = Get("/api/console/");

        var page = Assert.IsType<FileContentResult>(new ConsoleFunction().Run(request, null));

        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Equal(ConsoleAssets.Embedded.Find("index.html")!.Content.ToArray(), page.FileContents);
        Assert.Contains("connect-src 'self'", request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("no-cache", request.HttpContext.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void Run_HashedAsset_AnswersItCachedForAYearAndNotModifiedOnItsETag()
    {
        var script = ConsoleAssets.Embedded.Paths.First(p => p.EndsWith(".js", StringComparison.Ordinal));
        var request = Get("/api/console/" + script);

        var file = Assert.IsType<FileContentResult>(new ConsoleFunction().Run(request, script));
        var again = new ConsoleFunction().Run(Get("/api/console/" + script, ConsoleAssets.Embedded.Find(script)!.ETag), script);

        Assert.Equal("text/javascript; charset=utf-8", file.ContentType);
        Assert.Equal("public, max-age=31536000, immutable", request.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.Equal(304, Assert.IsType<StatusCodeResult>(again).StatusCode);
    }

    [Fact]
    public void Run_UnknownFile_Answers404SayingWhereTheConsoleIs()
    {
        var result = Assert.IsType<ContentResult>(new ConsoleFunction().Run(Get("/api/console/nope.js"), "nope.js"));

        Assert.Equal(404, result.StatusCode);
        Assert.Contains("/api/console/", result.Content, StringComparison.Ordinal);
    }
}
