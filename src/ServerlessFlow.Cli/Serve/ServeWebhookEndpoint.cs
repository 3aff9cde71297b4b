using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Cli.Serve;

/// <summary><c>POST /api/v1/webhooks/{url}</c> for <c>sflow serve</c>, with the Functions app's contract: bounded body read,
/// optional authentication (only when an API key or signed webhooks are configured; the server listens on loopback),
/// parsing, dispatch, and StackStorm's 202 with the body echoed. Nothing is dispatched for a request that fails a check.</summary>
internal sealed partial class ServeWebhookEndpoint(
    IWebhookDispatcher dispatcher, WebhookLimits limits, WebhookAuthSettings? auth, TimeProvider time, ILogger logger)
{
    private readonly WebhookAuthenticator? authenticator = auth is null ? null : new WebhookAuthenticator(auth, limits);

    /// <summary>Handles one webhook request.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, string? url, CancellationToken cancellationToken)
    {
        var hook = WebhookRequestParser.NormalizeHook(url ?? string.Empty);
        var body = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, limits.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Reject(hook, new WebhookRejection(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {limits.MaxBodyBytes} bytes."));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        if (authenticator is not null)
        {
            var queryKey = request.Query.TryGetValue(WebhookHeaders.ApiKeyQueryParameter, out var q) ? q.ToString() : null;
            var denied = authenticator.Authenticate(hook, headers, queryKey, body, time.GetUtcNow());
            if (denied is not null)
            {
                return Reject(hook, denied);
            }
        }

        var parsed = WebhookRequestParser.TryParse(hook, headers, request.ContentType, body, out var malformed);
        if (parsed is null)
        {
            return Reject(hook, malformed!);
        }

        var outcome = await dispatcher.DispatchAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (outcome.Rejection is not null)
        {
            return Reject(hook, outcome.Rejection);
        }

        // The dispatcher makes up a trace tag when the caller sent none; log the one the instance carries.
        LogAccepted(hook, string.Join(",", outcome.TriggerInstanceIds), outcome.TraceTag ?? parsed.TraceTag ?? "none");
        return Results.Text(JsonText.Serialize(parsed.Body), "application/json", statusCode: StatusCodes.Status202Accepted);
    }

    private IResult Reject(string hook, WebhookRejection rejection)
    {
        LogRejected(hook, rejection.StatusCode, rejection.Message);
        return ServeResults.Fault(rejection.StatusCode, rejection.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Hook} accepted: trigger instance {TriggerInstanceId}, trace tag {TraceTag}")]
    private partial void LogAccepted(string hook, string triggerInstanceId, string traceTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Hook} rejected with {StatusCode}: {Reason}")]
    private partial void LogRejected(string hook, int statusCode, string reason);
}
