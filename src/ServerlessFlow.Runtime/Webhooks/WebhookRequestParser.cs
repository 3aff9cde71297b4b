using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Turns an authenticated webhook request into a <see cref="WebhookRequest"/> with
/// StackStorm's body rules: <c>application/json</c> (the default; an empty body is <c>{}</c>),
/// <c>application/x-www-form-urlencoded</c> (Python's <c>parse_qs</c>: name → list of values,
/// blank values dropped) and <c>text/plain</c> (the text). Anything else is 415.</summary>
public static class WebhookRequestParser
{
    /// <summary>The url of the generic webhook whose body is <c>{trigger, payload}</c>.</summary>
    public const string SystemHook = "st2";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        WebhookHeaders.ApiKey,
        WebhookHeaders.AuthToken,
        WebhookHeaders.Cookie,
        "Authorization",
        "x-functions-key",
    };

    /// <summary>StackStorm's url normalisation: strip leading and trailing slashes.</summary>
    public static string NormalizeHook(string hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return hook.Trim('/');
    }

    /// <summary>Parses headers and body; returns the request, or null with a 400/415 rejection naming the problem.</summary>
    public static WebhookRequest? TryParse(
        string hook,
        IEnumerable<KeyValuePair<string, string>> headers,
        string? contentType,
        ReadOnlySpan<byte> body,
        out WebhookRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var normalized = NormalizeHook(hook ?? string.Empty);
        if (normalized.Length == 0)
        {
            rejection = new WebhookRejection(404, "No webhook url given: POST to /api/v1/webhooks/<url>.");
            return null;
        }

        var kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? traceTag = null;
        string? deliveryId = null;
        foreach (var (name, value) in headers)
        {
            if (CredentialHeaders.Contains(name))
            {
                continue;
            }

            if (string.Equals(name, WebhookHeaders.TraceTag, StringComparison.OrdinalIgnoreCase))
            {
                traceTag = value.Length == 0 ? null : value;
                continue;
            }

            if (string.Equals(name, WebhookHeaders.GitHubDelivery, StringComparison.OrdinalIgnoreCase) && value.Length > 0)
            {
                deliveryId = value;
            }

            kept[name] = value;
        }

        var mediaType = MediaType(contentType);
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            rejection = new WebhookRejection(400, "Failed to parse request body: it is not valid UTF-8.");
            return null;
        }

        object? parsed;
        switch (mediaType)
        {
            case "application/json":
                if (!JsonText.TryParse(text.Length == 0 ? "{}" : text, out parsed, out var error))
                {
                    rejection = new WebhookRejection(400, $"Failed to parse request body: {error}");
                    return null;
                }

                break;
            case "application/x-www-form-urlencoded":
                parsed = ParseQueryString(text);
                break;
            case "text/plain":
                parsed = text;
                break;
            default:
                rejection = new WebhookRejection(415, $"Unsupported Content-Type: \"{mediaType}\"; send application/json, application/x-www-form-urlencoded or text/plain.");
                return null;
        }

        var request = new WebhookRequest(normalized, kept, parsed, traceTag, deliveryId);
        if (request.IsSystemHook && SystemWebhookBody.TryRead(parsed, out rejection) is null)
        {
            return null;
        }

        rejection = null;
        return request;
    }

    /// <summary>The media type of a Content-Type header, lower-cased, parameters dropped; JSON when absent.</summary>
    public static string MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "application/json";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return media.ToLowerInvariant();
    }

    /// <summary>Python 3.10+ <c>urllib.parse.parse_qs</c> with its defaults: pairs split on <c>&amp;</c>,
    /// pairs without <c>=</c> or with an empty value dropped, <c>+</c> is a space, invalid escapes kept as text.</summary>
    public static Dictionary<string, object?> ParseQueryString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var value = pair[(equals + 1)..];
            if (value.Length == 0)
            {
                continue;
            }

            var name = UnquotePlus(pair[..equals]);
            if (!result.TryGetValue(name, out var list))
            {
                list = new List<object?>();
                result[name] = list;
            }

            ((List<object?>)list!).Add(UnquotePlus(value));
        }

        return result;
    }

    // urllib.parse.unquote_plus: '+' → ' ', then %XX sequences decoded as UTF-8 with invalid
    // sequences replaced by U+FFFD; a '%' not followed by two hex digits stays as it is.
    private static string UnquotePlus(string text)
    {
        text = text.Replace('+', ' ');
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 3;
                continue;
            }

            FlushBytes(bytes, output);
            output.Append(text[i]);
            i++;
        }

        FlushBytes(bytes, output);
        return output.ToString();
    }

    private static void FlushBytes(List<byte> bytes, StringBuilder output)
    {
        if (bytes.Count > 0)
        {
            output.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
