using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Functions.Api;

/// <summary>The Functions side of the framework-neutral request and answer (<see cref="ApiRequest"/>, <see cref="ApiResult"/>)
/// that the API and the webhook handler take and give.</summary>
internal static class HttpRequests
{
    /// <summary>The request as an <see cref="ApiRequest"/> whose path is <paramref name="rest"/> (what follows the route's resource).</summary>
    public static ApiRequest ToApiRequest(HttpRequest request, string? rest)
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
        };
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
