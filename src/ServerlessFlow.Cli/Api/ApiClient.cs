using System.Net.Http.Headers;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Api;

/// <summary>Calls the read/run API of <c>sflow serve</c> or the Functions app (JSON in, JSON out), sending the API key
/// as StackStorm's <c>St2-Api-Key</c> header when one is given.</summary>
internal sealed class ApiClient(string baseUrl, string? apiKey = null) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The server address.</summary>
    public string BaseUrl { get; } = baseUrl;

    /// <summary>Sends a request; <paramref name="body"/> is serialised as JSON (or sent as is when it is already text).
    /// Throws <see cref="HttpRequestException"/> when the server cannot be reached.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonText.Serialize(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.TryAddWithoutValidation(ServerlessFlow.Runtime.Webhooks.WebhookHeaders.ApiKey, apiKey);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        object? parsed = null;
        if (text.Length > 0 && !JsonText.TryParse(text, out parsed, out _))
        {
            parsed = text;
        }

        return new ApiResponse((int)response.StatusCode, parsed);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
