using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Cli.Serve;

/// <summary>Serves the shared read/run API (<see cref="ReadRunApi"/>) on Kestrel: one catch-all route
/// <c>/api/v1/{resource}/{**rest}</c>, so an unknown resource gets StackStorm's error body too, translating the ASP.NET request
/// into an <see cref="ApiRequest"/> and the <see cref="ApiResult"/> back (JSON, text, or a stream of server-sent events).
/// The webhook endpoint's literal <c>POST /api/v1/webhooks/{**url}</c> route takes precedence over it.</summary>
internal static class ServeApi
{
    /// <summary>Maps the API.</summary>
    public static void Map(IEndpointRouteBuilder app, ReadRunApi api)
    {
        app.Map("/api/v1/{resource}/{**rest}", (HttpContext http, string resource, string? rest, CancellationToken ct) => HandleAsync(api, resource, http, rest, ct));
        app.Map("/api/v1", () => Results.Json(new Dictionary<string, object?> { ["faultstring"] = "Name a resource: /api/v1/{resource}." }, statusCode: 404));
    }

    private static async Task HandleAsync(ReadRunApi api, string resource, HttpContext http, string? rest, CancellationToken ct)
    {
        var request = new ApiRequest
        {
            Method = http.Request.Method.ToUpperInvariant(),
            Path = rest ?? string.Empty,
            Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = http.Request.Body,
            ContentLength = http.Request.ContentLength,
        };
        var result = await api.HandleAsync(resource, request, ct).ConfigureAwait(false);
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
