using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Api;

/// <summary>The answer to an <see cref="ApiRequest"/>: status code, a plain JSON value (records as StackStorm shapes them,
/// errors as <c>{"faultstring": …}</c>) or no body, and extra headers such as the continuation token.</summary>
public sealed class ApiResult
{
    private ApiResult(int statusCode, bool hasBody, object? body, IReadOnlyDictionary<string, string> headers)
    {
        StatusCode = statusCode;
        HasBody = hasBody;
        Body = body;
        Headers = headers;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>False for answers without a body (204).</summary>
    public bool HasBody { get; }

    /// <summary>The plain value (dictionaries, lists, scalars) sent as JSON.</summary>
    public object? Body { get; }

    /// <summary>Response headers to add.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as JSON text, or null when there is none.</summary>
    public string? BodyText => HasBody ? JsonText.Serialize(Body) : null;

    /// <summary>The media type of the body.</summary>
    public static string ContentType => "application/json";

    /// <summary>A plain value as JSON.</summary>
    public static ApiResult Json(object? value, int statusCode = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, hasBody: true, value, headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>An error answer in StackStorm's shape.</summary>
    public static ApiResult Fault(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["faultstring"] = message }, statusCode, headers);

    /// <summary>204 No Content.</summary>
    public static ApiResult NoContent() => new(204, hasBody: false, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}
