using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Cli.Serve;

/// <summary>Serves the web console (<see cref="ConsoleAssets"/>) at <c>/</c>: the page and its content-hashed assets, with
/// ETags. Every console route is in the URL fragment, so nothing else needs routing; <c>/api/…</c> stays the API's.</summary>
internal static class ServeConsole
{
    /// <summary>Maps <c>GET /</c>, <c>GET /index.html</c> and <c>GET /assets/{file}</c>.</summary>
    public static void Map(IEndpointRouteBuilder app, ConsoleAssets assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        app.MapGet("/", (HttpContext http) => SendAsync(http, assets.Find(ConsoleAssets.IndexPath)));
        app.MapGet("/index.html", (HttpContext http) => SendAsync(http, assets.Find(ConsoleAssets.IndexPath)));
        app.MapGet("/assets/{file}", (HttpContext http, string file) => SendAsync(http, assets.Find("assets/" + file)));
    }

    private static async Task SendAsync(HttpContext http, ConsoleAsset? asset)
    {
        if (asset is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("No such console file. The console is at /.", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = asset.CacheControl;
        foreach (var (name, value) in asset.Headers)
        {
            headers[name] = value;
        }

        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Content.Length;
        await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
    }
}
