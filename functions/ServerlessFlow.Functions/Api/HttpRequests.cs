using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Functions.Api;

/// <summary>The Functions side of the framework-neutral request and answer (<see cref="ApiRequest"/>, <see cref="ApiResult"/>)
/// that the API and the webhook handler take and give.</summary>
internal static class HttpRequests
{
    /// <summary>The request as an <see cref="ApiRequest"/> whose path is <paramref name="rest"/> (what follows the route's resource).
    /// With <paramref name="withConsole"/>, executions answered carry <c>web_url</c>: their page in the console this app serves
    /// (<see cref="ConsoleUrl"/>).</summary>
    public static ApiRequest ToApiRequest(HttpRequest request, string? rest, bool withConsole = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiRequest
        {
            Method = request.Method.ToUpperInvariant(),
            Path = rest ?? string.Empty,
            Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = request.Body,
            ContentLength = request.ContentLength,
            ConsoleUrl = withConsole ? ConsoleUrl(request) : null,
        };
    }

    /// <summary>The console's address as the client reached this app: <c>{scheme}://{host}/api/console/</c>. The host's route
    /// prefix (<c>api</c>, host.json) is part of the request's path, so it is taken from there rather than assumed.</summary>
    public static string ConsoleUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.PathBase.Add(request.Path).Value ?? string.Empty;
        var v1 = path.IndexOf("/v1/", StringComparison.Ordinal);
        if (v1 < 0)
        {
            // The chat endpoints (/api/chatops/…) link executions too.
            v1 = path.IndexOf("/chatops/", StringComparison.Ordinal);
        }

        var prefix = v1 >= 0 ? path[..v1] : string.Empty;
        return $"{request.Scheme}://{request.Host}{prefix}/console/";
    }

    /// <summary>The answer as an MVC result; extra headers go on <paramref name="response"/>.</summary>
    public static IActionResult ToActionResult(ApiResult result, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        if (result.StreamWriter is { } writer)
        {
            return new EventStreamResult(result.MediaType, writer);
        }

        return result.BodyText is { } text
            ? new ContentResult { StatusCode = result.StatusCode, ContentType = result.MediaType, Content = text }
            : new StatusCodeResult(result.StatusCode);
    }
}
