using System.Net;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>Small JSON helper over <see cref="HttpClient"/> for the serve tests.</summary>
internal sealed class ServeClient : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);
    private readonly HttpClient http;

    /// <summary>A client of <paramref name="baseUrl"/> that sends <paramref name="apiKey"/> as <c>St2-Api-Key</c> when given.</summary>
    public ServeClient(string baseUrl, string? apiKey = null)
    {
        BaseUrl = baseUrl;
        http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = HangGuard };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("St2-Api-Key", apiKey);
        }
    }

    public string BaseUrl { get; }

    public async Task<(HttpStatusCode Status, object? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonText.Parse(text));
    }

    public async Task<object?> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the answer (the hang guard fails the test otherwise).</summary>
    public async Task<object?> WaitForAsync(string path, Func<object?, bool> done, TimeSpan? hangGuard = null)
    {
        using var guard = new CancellationTokenSource(hangGuard ?? HangGuard);
        while (true)
        {
            var body = await GetAsync(path);
            if (done(body))
            {
                return body;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    public void Dispose() => http.Dispose();
}
