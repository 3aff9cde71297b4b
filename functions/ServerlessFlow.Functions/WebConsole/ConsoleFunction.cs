using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Functions.WebConsole;

/// <summary>
/// The web console in Azure, served by the Functions app itself at <c>https://&lt;app&gt;/api/console/</c> (the host's
/// routes all live under its <c>api</c> prefix): the same embedded files as <c>sflow serve</c> (<see cref="ConsoleAssets"/>),
/// on the same origin as the API it reads, so the API needs no CORS and its key and Origin checks stay as they are.
/// Anonymous at the host: the page holds nothing secret, and every API call it makes carries the API key.
/// </summary>
internal sealed class ConsoleFunction
{
    /// <summary>Function name of <c>/api/console/{*path}</c>.</summary>
    public const string Name = "Console";

    /// <summary>The page and its assets; <c>/api/console</c> redirects to <c>/api/console/</c> so the page's relative asset
    /// URLs resolve below it.</summary>
    [Function(Name)]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requested = request.Path.Value ?? string.Empty;
        if (string.IsNullOrEmpty(path) && !requested.EndsWith('/'))
        {
            return new RedirectResult(request.PathBase + request.Path + "/", permanent: false);
        }

        if (ConsoleAssets.Embedded.Find(path) is not { } asset)
        {
            return new ContentResult { StatusCode = StatusCodes.Status404NotFound, ContentType = "text/plain; charset=utf-8", Content = "No such console file. The console is at /api/console/." };
        }

        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = asset.CacheControl;
        foreach (var (name, value) in asset.Headers)
        {
            headers[name] = value;
        }

        if (request.Headers.IfNoneMatch == asset.ETag)
        {
            headers.ETag = asset.ETag;
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(asset.Content.ToArray(), asset.ContentType) { EntityTag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag) };
    }
}
