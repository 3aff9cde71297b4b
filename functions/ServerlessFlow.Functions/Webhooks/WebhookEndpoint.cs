using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Telemetry;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Webhooks;

/// <summary>Maps an HTTP request to the webhook contract: bounded body read, authentication
/// (signature or API key), parsing, dispatch, and StackStorm's 202 with the body echoed. Nothing is
/// dispatched for a request that fails any check.</summary>
internal sealed partial class WebhookEndpoint
{
    private readonly FunctionSettings settings;
    private readonly WebhookAuthenticator authenticator;
    private readonly IWebhookDispatcher dispatcher;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookEndpoint> logger;

    /// <summary>Creates the endpoint.</summary>
    public WebhookEndpoint(FunctionSettings settings, IWebhookDispatcher dispatcher, TimeProvider time, ILogger<WebhookEndpoint> logger)
    {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.time = time;
        this.logger = logger;
        authenticator = new WebhookAuthenticator(settings.WebhookAuth, settings.WebhookLimits);
    }

    /// <summary>Handles <c>POST /api/v1/webhooks/{url}</c>.</summary>
    public async Task<IActionResult> HandleAsync(HttpRequest request, string? url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hook = WebhookRequestParser.NormalizeHook(url ?? string.Empty);
        using var activity = SflowTelemetry.Source.StartActivity("webhook " + hook);
        activity?.SetTag(SflowTelemetry.WebhookAttribute, hook);

        var body = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, settings.WebhookLimits.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Reject(hook, new WebhookRejection(StatusCodes.Status413PayloadTooLarge,
                $"Request body is larger than {settings.WebhookLimits.MaxBodyBytes} bytes."));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        var queryKey = request.Query.TryGetValue(WebhookHeaders.ApiKeyQueryParameter, out var q) ? q.ToString() : null;
        var denied = authenticator.Authenticate(hook, headers, queryKey, body, time.GetUtcNow());
        if (denied is not null)
        {
            return Reject(hook, denied);
        }

        var parsed = WebhookRequestParser.TryParse(hook, headers, request.ContentType, body, out var malformed);
        if (parsed is null)
        {
            return Reject(hook, malformed!);
        }

        activity?.SetTag(SflowTelemetry.TraceTagAttribute, parsed.TraceTag);
        var outcome = await dispatcher.DispatchAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (outcome.Rejection is not null)
        {
            return Reject(hook, outcome.Rejection);
        }

        // The dispatcher makes up a trace tag when the caller sent none; log the one the instances carry.
        var traceTag = outcome.TraceTag ?? parsed.TraceTag ?? "none";
        activity?.SetTag(SflowTelemetry.TraceTagAttribute, traceTag);
        LogAccepted(hook, outcome.TriggerInstanceIds.Count, traceTag);
        return new ContentResult
        {
            StatusCode = StatusCodes.Status202Accepted,
            ContentType = "application/json",
            Content = JsonText.Serialize(parsed.Body),
        };
    }

    private ContentResult Reject(string hook, WebhookRejection rejection)
    {
        LogRejected(hook, rejection.StatusCode, rejection.Message);
        return new ContentResult
        {
            StatusCode = rejection.StatusCode,
            ContentType = "application/json",
            Content = JsonText.Serialize(new Dictionary<string, object?> { ["faultstring"] = rejection.Message }),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Hook} accepted: {Count} trigger instance(s), trace tag {TraceTag}")]
    private partial void LogAccepted(string hook, int count, string traceTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Hook} rejected with {StatusCode}: {Reason}")]
    private partial void LogRejected(string hook, int statusCode, string reason);
}
