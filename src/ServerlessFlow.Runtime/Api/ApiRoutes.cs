namespace ServerlessFlow.Runtime.Api;

/// <summary>The answers shared by every resource for requests that match no endpoint.</summary>
public static class ApiRoutes
{
    /// <summary>404 naming the path.</summary>
    public static ApiResult NotFound(string resource, ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResult.Fault(404, $"No endpoint {request.Method} /api/v1/{resource}{(request.Path.Length == 0 ? string.Empty : "/" + request.Path.Trim('/'))}.");
    }

    /// <summary>405 naming the methods the path accepts.</summary>
    public static ApiResult MethodNotAllowed(string resource, ApiRequest request, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResult.Fault(
            405,
            $"Method {request.Method} is not allowed on /api/v1/{resource}{(request.Path.Length == 0 ? string.Empty : "/" + request.Path.Trim('/'))}; use {string.Join(", ", allowed)}.",
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Allow"] = string.Join(", ", allowed) });
    }
}
