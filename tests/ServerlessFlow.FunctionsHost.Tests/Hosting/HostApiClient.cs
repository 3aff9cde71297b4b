using System.Globalization;
using System.Net;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>The app's HTTP API (StackStorm's shapes) as a client in Azure sees it: JSON in, plain values out
/// (<see cref="JsonText"/>: objects are dictionaries, arrays lists, integers longs), <c>St2-Api-Key</c> on every request.</summary>
public sealed class HostApiClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string apiKey;

    /// <summary>A client of the host at <paramref name="baseUrl"/>.</summary>
    public HostApiClient(string baseUrl, string apiKey)
    {
        http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        this.apiKey = apiKey;
    }

    /// <summary>Sends a request; <paramref name="body"/> is JSON text (or any text with <paramref name="contentType"/>).</summary>
    public async Task<(HttpStatusCode Status, object? Body)> SendAsync(HttpMethod method, string path, string? body = null, IReadOnlyDictionary<string, string>? headers = null, string contentType = "application/json")
    {
        var answer = await ExchangeAsync(method, path, body, headers, contentType).ConfigureAwait(false);
        return (answer.Status, answer.Body);
    }

    /// <summary>Like <see cref="SendAsync"/>, with the response headers (content headers included), names case-insensitive.</summary>
    public async Task<HostResponse> ExchangeAsync(HttpMethod method, string path, string? body = null, IReadOnlyDictionary<string, string>? headers = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("St2-Api-Key", apiKey);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        object? parsed = text;
        if (text.Length == 0)
        {
            parsed = null;
        }
        else if (JsonText.TryParse(text, out var json, out _))
        {
            parsed = json;
        }

        var responseHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            responseHeaders[name] = string.Join(", ", values);
        }

        return new HostResponse(response.StatusCode, parsed, responseHeaders);
    }

    /// <summary>GET that must answer 200; returns the body.</summary>
    public async Task<object?> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)status}: {JsonText.Serialize(body)}");
        }

        return body;
    }

    /// <summary>GET of a list that must answer 200 (one page: callers keep each filter under <c>limit</c>, at most 1000).</summary>
    public async Task<List<Dictionary<string, object?>>> ListAsync(string path)
    {
        var body = await GetAsync(path).ConfigureAwait(false);
        return body is List<object?> items
            ? items.Cast<Dictionary<string, object?>>().ToList()
            : throw new InvalidOperationException($"GET {path} did not answer a list: {JsonText.Serialize(body)}");
    }

    /// <summary>Every record of a list, following <c>X-Continuation-Token</c> from page to page (pages of 1000).</summary>
    public async Task<List<Dictionary<string, object?>>> ListAllAsync(string path)
    {
        var all = new List<Dictionary<string, object?>>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        string? token = null;
        do
        {
            var page = path + separator + "limit=1000" + (token is null ? string.Empty : "&continuation_token=" + Uri.EscapeDataString(token));
            var answer = await ExchangeAsync(HttpMethod.Get, page).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.OK || answer.Body is not List<object?> items)
            {
                throw new InvalidOperationException($"GET {page} answered {(int)answer.Status}: {JsonText.Serialize(answer.Body)}");
            }

            all.AddRange(items.Cast<Dictionary<string, object?>>());
            token = answer.Headers.GetValueOrDefault("X-Continuation-Token");
        }
        while (token is not null);
        return all;
    }

    /// <summary>POSTs a webhook (<c>/api/v1/webhooks/{hook}</c>) with a JSON body and a trace tag; returns the status.</summary>
    public async Task<HttpStatusCode> PostWebhookAsync(string hook, string jsonBody, string? traceTag = null)
    {
        var headers = traceTag is null ? null : new Dictionary<string, string> { ["St2-Trace-Tag"] = traceTag };
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/v1/webhooks/" + hook, jsonBody, headers).ConfigureAwait(false);
        return status;
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="done"/> holds (see <see cref="Eventually"/>).</summary>
    public Task<object?> WaitForAsync(string path, Func<object?, bool> done, TimeSpan ceiling, Func<string>? diagnostics = null) =>
        Eventually.WaitAsync(() => GetAsync(path), done, ceiling, "GET " + path, () => diagnostics?.Invoke() ?? string.Empty);

    /// <summary>Waits until execution <paramref name="id"/> has ended (succeeded, failed, timeout, canceled, abandoned) and returns it.</summary>
    public async Task<Dictionary<string, object?>> WaitForExecutionEndAsync(string id, TimeSpan ceiling, Func<string>? diagnostics = null) =>
        (Dictionary<string, object?>)(await WaitForAsync(
            "/api/v1/executions/" + id,
            body => Field(body, "status") is "succeeded" or "failed" or "timeout" or "canceled" or "abandoned",
            ceiling,
            diagnostics).ConfigureAwait(false))!;

    /// <summary>A field of a JSON object, or null.</summary>
    public static object? Field(object? body, params string[] path)
    {
        var current = body;
        foreach (var name in path)
        {
            current = current is Dictionary<string, object?> fields ? fields.GetValueOrDefault(name) : null;
        }

        return current;
    }

    /// <summary>A field as text, for messages.</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => JsonText.Serialize(value),
    };

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}

/// <summary>One answer of the app: status, parsed body, headers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body as plain values (text when it is not JSON, null when empty).</param>
/// <param name="Headers">Response and content headers, names case-insensitive.</param>
public sealed record HostResponse(HttpStatusCode Status, object? Body, IReadOnlyDictionary<string, string> Headers);
