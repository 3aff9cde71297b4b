using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Api;

/// <summary>Reads an API request's JSON object body: at most <see cref="MaxBytes"/> (never buffering more), strict UTF-8.</summary>
public static class ApiBody
{
    /// <summary>The largest body the API reads (1 MiB); a longer one is answered 413.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as a JSON object, or the error answer (413 too large, 400 not UTF-8, not JSON or not an object).
    /// An empty body is an empty object when <paramref name="emptyIsObject"/> is set.</summary>
    public static async Task<(Dictionary<string, object?>? Value, ApiResult? Error)> ReadObjectAsync(
        ApiRequest request, bool emptyIsObject = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // StackStorm's API reads JSON bodies only: a form or text body (what a web page can send without asking the browser
        // first) is refused before it is read as anything.
        if (request.Headers.TryGetValue("Content-Type", out var contentType)
            && WebhookRequestParser.MediaType(contentType) is var mediaType && mediaType != "application/json")
        {
            return (null, ApiResult.Fault(415, $"Unsupported Content-Type: \"{mediaType}\"; the API takes application/json."));
        }

        var bytes = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, MaxBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiResult.Fault(413, $"Request body is larger than {MaxBytes} bytes."));
        }

        if (bytes.Length == 0 && emptyIsObject)
        {
            return (new Dictionary<string, object?>(StringComparer.Ordinal), null);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiResult.Fault(400, "Request body is not UTF-8 text."));
        }

        if (!JsonText.TryParse(text, out var value, out var error))
        {
            return (null, ApiResult.Fault(400, $"Request body is not valid JSON: {error}"));
        }

        return value is Dictionary<string, object?> obj
            ? (obj, null)
            : (null, ApiResult.Fault(400, "Request body must be a JSON object."));
    }

    /// <summary>The JSON type of a body value, for errors that name what was given instead.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        string => "string",
        bool => "boolean",
        Dictionary<string, object?> => "object",
        System.Collections.IList => "list",
        _ => "number",
    };
}
