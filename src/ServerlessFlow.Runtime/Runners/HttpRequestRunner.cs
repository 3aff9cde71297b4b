using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>http-request</c> runner: url, method, headers, body, params, auth, timeout, verify_ssl_cert, allow_redirects;
/// result <c>status_code</c>, <c>body</c> (parsed when the response is application/json), <c>parsed</c>, <c>headers</c>, as st2's HTTPClient.
/// 2xx succeeds, other codes fail, a timeout gives status timeout.</summary>
public sealed class HttpRequestRunner : IActionRunner
{
    private static readonly string[] Methods = ["HEAD", "GET", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PURGE"];
    private readonly TimeProvider time;

    /// <summary>Creates the runner.</summary>
    public HttpRequestRunner(TimeProvider time) => this.time = time;

    /// <inheritdoc/>
    public string Name => "http-request";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        // st2 declares some of these as runner parameters and some as action parameters (core.http); accept both.
        var all = new Dictionary<string, object?>(request.ActionParameters, StringComparer.Ordinal);
        foreach (var (key, value) in request.RunnerParameters)
        {
            all[key] = value;
        }

        HttpRequestMessage message;
        double timeoutSeconds;
        bool allowRedirects;
        bool verifySsl;
        try
        {
            var url = RunnerParameters.String(all, "url") ?? throw new ArgumentException("URL must be specified.");
            if (!Uri.TryCreate(AppendQuery(url, RunnerParameters.Object(all, "params")), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"URL '{url}' is not an absolute http(s) URL.");
            }

            var body = all.GetValueOrDefault("body") switch
            {
                null => null,
                string s => s,
                var other => JsonText.Serialize(other),
            };
            var method = (RunnerParameters.String(all, "method") ?? (string.IsNullOrEmpty(body) ? "GET" : "POST")).ToUpperInvariant();
            if (!Methods.Contains(method, StringComparer.Ordinal))
            {
                throw new ArgumentException($"HTTP method '{method}' is not one of {string.Join(", ", Methods)}.");
            }

            timeoutSeconds = RunnerParameters.Seconds(all, "timeout", 60);
            allowRedirects = RunnerParameters.Bool(all, "allow_redirects", false);
            verifySsl = RunnerParameters.Bool(all, "verify_ssl_cert", RunnerParameters.Bool(all, "verify_ssl", true));
            message = new HttpRequestMessage(new HttpMethod(method), uri);
            string? contentType = null;
            foreach (var (name, value) in RunnerParameters.Object(all, "headers"))
            {
                var text = RunnerParameters.Text(value);
                if (string.Equals(name, "content-type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = text;
                }
                else if (!message.Headers.TryAddWithoutValidation(name, text))
                {
                    throw new ArgumentException($"Header '{name}' cannot be set on a request.");
                }
            }

            message.Headers.TryAddWithoutValidation("User-Agent", "st2/v3.8 (ServerlessFlow)");
            message.Headers.TryAddWithoutValidation("X-Stanley-Action", request.ActionRef.Split('.', 2).Last());
            if (body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            var username = RunnerParameters.String(all, "username");
            var password = RunnerParameters.String(all, "password");
            var auth = all.GetValueOrDefault("auth") as string;
            if (username is not null || password is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
            }
            else if (!string.IsNullOrEmpty(auth))
            {
                message.Headers.TryAddWithoutValidation("Authorization", auth);
            }
        }
        catch (ArgumentException ex)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = allowRedirects, UseCookies = false };
        if (!verifySsl)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }

        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = timeoutSeconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using (message)
        {
            try
            {
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var header in response.Headers.Concat(response.Content.Headers))
                {
                    headers[header.Key] = string.Join(", ", header.Value);
                }

                object? parsedBody = text;
                var parsed = false;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) && JsonText.TryParse(text, out var json, out _))
                {
                    parsedBody = json;
                    parsed = true;
                }

                var code = (int)response.StatusCode;
                var result = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["status_code"] = (long)code,
                    ["body"] = parsedBody,
                    ["parsed"] = parsed,
                    ["headers"] = headers,
                };
                return new RunnerOutcome(code is >= 200 and < 300 ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, result);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new RunnerOutcome(ExecutionStatus.Timeout, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["error"] = string.Create(CultureInfo.InvariantCulture, $"Request to {message.RequestUri} timed out after {timeoutSeconds} seconds."),
                });
            }
            catch (HttpRequestException ex)
            {
                return RunnerOutcome.Failure($"Request to {message.RequestUri} failed: {ex.Message}");
            }
        }
    }

    private static string AppendQuery(string url, Dictionary<string, object?> parameters)
    {
        if (parameters.Count == 0)
        {
            return url;
        }

        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(RunnerParameters.Text(p.Value))));
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }
}
