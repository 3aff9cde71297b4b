using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Cli.Serve;

/// <summary>Serves the shared read/run API (<see cref="ReadRunApi"/>) on Kestrel: <c>/api/v1/{resource}/{**rest}</c> for each
/// resource, translating the ASP.NET request into an <see cref="ApiRequest"/> and the <see cref="ApiResult"/> back.</summary>
internal static class ServeApi
{
    /// <summary>Maps one catch-all route per resource.</summary>
    public static void Map(IEndpointRouteBuilder app, ReadRunApi api)
    {
        foreach (var resource in api.ResourceNames)
        {
            app.Map($"/api/v1/{resource}/{{**rest}}", (HttpContext http, string? rest, CancellationToken ct) => HandleAsync(api, resource, http, rest, ct));
        }
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

        if (result.BodyText is { } text)
        {
            http.Response.ContentType = ApiResult.ContentType;
            await http.Response.WriteAsync(text, ct).ConfigureAwait(false);
        }
    }
}
