using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Api;

/// <summary>The answer to an <see cref="ApiRequest"/>: status code, a plain JSON value (records as StackStorm shapes them,
/// errors as <c>{"faultstring": …}</c>) or no body, and extra headers such as the continuation token.</summary>
public sealed class ApiResult
{
    private ApiResult(int statusCode, bool hasBody, object? body, IReadOnlyDictionary<string, string> headers, string mediaType = "application/json", Func<Stream, CancellationToken, Task>? streamWriter = null)
    {
        StatusCode = statusCode;
        HasBody = hasBody;
        Body = body;
        Headers = headers;
        MediaType = mediaType;
        StreamWriter = streamWriter;
    }

    /// <summary>The media type of this answer's body (JSON unless it is text or an event stream).</summary>
    public string MediaType { get; }

    /// <summary>For a streamed answer (server-sent events): writes the body as it comes, until the client goes or the stream
    /// ends. Hosts must flush as it writes and must not buffer the response.</summary>
    public Func<Stream, CancellationToken, Task>? StreamWriter { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>False for answers without a body (204).</summary>
    public bool HasBody { get; }

    /// <summary>The plain value (dictionaries, lists, scalars) sent as JSON.</summary>
    public object? Body { get; }

    /// <summary>Response headers to add.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as JSON text, or null when there is none.</summary>
    public string? BodyText => !HasBody || StreamWriter is not null ? null : Body is string text && MediaType != ContentType ? text : JsonText.Serialize(Body);

    /// <summary>The media type of the body.</summary>
    public static string ContentType => "application/json";

    /// <summary>A plain value as JSON.</summary>
    public static ApiResult Json(object? value, int statusCode = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, hasBody: true, value, headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>An error answer in StackStorm's shape.</summary>
    public static ApiResult Fault(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["faultstring"] = message }, statusCode, headers);

    /// <summary>A plain-text answer (an execution's output).</summary>
    public static ApiResult Text(string text, int statusCode = 200) =>
        new(statusCode, hasBody: true, text, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), "text/plain; charset=utf-8");

    /// <summary>A streamed answer (server-sent events) that <paramref name="writer"/> writes.</summary>
    public static ApiResult Stream(string mediaType, Func<Stream, CancellationToken, Task> writer) =>
        new(200, hasBody: true, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-cache", ["X-Accel-Buffering"] = "no" }, mediaType, writer);

    /// <summary>204 No Content.</summary>
    public static ApiResult NoContent() => new(204, hasBody: false, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}
