using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Cli.Serve;

/// <summary>Serves the shared read/run API (<see cref="ReadRunApi"/>) and webhook handler (<see cref="WebhookHandler"/>) on
/// Kestrel: one catch-all route <c>/api/v1/{resource}/{**rest}</c> (so an unknown resource gets StackStorm's error body too)
/// and <c>POST /api/v1/webhooks/{**url}</c>, whose literal segment takes precedence for posts; translating the ASP.NET request
/// into an <see cref="ApiRequest"/> and the <see cref="ApiResult"/> back (JSON, text, or a stream of server-sent events).</summary>
internal static class ServeApi
{
    /// <summary>Maps the API and the webhooks; each request goes to the API <paramref name="api"/> gives then (it is built over
    /// the packs running, which a pack install or reload changes). Every request first passes <paramref name="browsers"/> (Host
    /// and Origin checks), so no web page can reach the API through the developer's browser.</summary>
    public static void Map(IEndpointRouteBuilder app, Func<ReadRunApi> api, WebhookHandler webhooks, BrowserRequestGuard browsers)
    {
        ArgumentNullException.ThrowIfNull(api);
        app.Map("/api/v1/{resource}/{**rest}", async (HttpContext http, string resource, string? rest, CancellationToken ct) =>
        {
            var request = ToApiRequest(http, rest);
            var result = browsers.Check(request.Headers) ?? await api().HandleAsync(resource, request, ct).ConfigureAwait(false);
            await WriteAsync(http, result, ct).ConfigureAwait(false);
        });
        app.Map("/api/v1", () => Results.Json(new Dictionary<string, object?> { ["faultstring"] = "Name a resource: /api/v1/{resource}." }, statusCode: 404));
        app.MapPost("/api/v1/webhooks/{**url}", async (HttpContext http, string? url, CancellationToken ct) =>
        {
            var request = ToApiRequest(http, url);
            var result = browsers.Check(request.Headers) ?? (await webhooks.HandleAsync(request, ct).ConfigureAwait(false)).Result;
            await WriteAsync(http, result, ct).ConfigureAwait(false);
        });
    }

    /// <summary>Maps <c>POST /chatops/slack</c> (with the chat handler of the packs running): Slack's slash commands and Events API, authenticated by Slack's signature (no
    /// API key: Slack cannot send one); 404 naming the settings when no Slack app is configured.</summary>
    public static void MapChat(IEndpointRouteBuilder app, Runtime.ChatOps.Slack.SlackEndpoint? slack, Func<Runtime.ChatOps.ChatHandler> chat, BrowserRequestGuard browsers)
    {
        app.Map("/chatops/slack", async (HttpContext http, CancellationToken ct) =>
        {
            var request = ToApiRequest(http, null);
            var result = browsers.Check(request.Headers)
                ?? (slack is null
                    ? ApiResult.Fault(404, "No Slack app is configured: set SFLOW_SLACK_SIGNING_SECRET (and SFLOW_SLACK_BOT_TOKEN for the Events API).")
                    : await slack.HandleAsync(request, chat(), ct).ConfigureAwait(false));
            await WriteAsync(http, result, ct).ConfigureAwait(false);
        });
    }

    private static ApiRequest ToApiRequest(HttpContext http, string? rest) => new()
    {
        Method = http.Request.Method.ToUpperInvariant(),
        Path = rest ?? string.Empty,
        Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
        Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        Body = http.Request.Body,
        ContentLength = http.Request.ContentLength,

        // The console is served at this server's root, reached the way this request reached the API.
        ConsoleUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/",
    };

    private static async Task WriteAsync(HttpContext http, ApiResult result, CancellationToken ct)
    {
        http.Response.StatusCode = result.StatusCode;
        foreach (var (name, value) in result.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (result.StreamWriter is { } stream)
        {
            http.Response.ContentType = result.MediaType;
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.StartAsync(ct).ConfigureAwait(false);
            try
            {
                await stream(http.Response.Body, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away (or the server is stopping): the stream simply ends.
            }
        }
        else if (result.BodyText is { } text)
        {
            http.Response.ContentType = result.MediaType;
            await http.Response.WriteAsync(text, ct).ConfigureAwait(false);
        }
    }
}
