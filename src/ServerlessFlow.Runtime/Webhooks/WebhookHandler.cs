using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/{url}</c>, independent of the web framework and shared by <c>sflow serve</c> and the Functions
/// app (as <see cref="ReadRunApi"/> is): bounded body read, authentication (signature or API key, as the host's
/// <see cref="WebhookAccess"/> says), parsing, dispatch, and StackStorm's 202 with the body echoed. Nothing is dispatched
/// for a request that fails a check. Hosts only translate their request into an <see cref="ApiRequest"/> (its
/// <see cref="ApiRequest.Path"/> is the webhook url) and the <see cref="ApiResult"/> back.
/// </summary>
public sealed partial class WebhookHandler
{
    private readonly IWebhookDispatcher dispatcher;
    private readonly WebhookLimits limits;
    private readonly WebhookAuthenticator? authenticator;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the handler over the dispatch use case, the body and replay limits, and the access rule.</summary>
    public WebhookHandler(IWebhookDispatcher dispatcher, WebhookLimits limits, WebhookAccess access, TimeProvider time, ILogger<WebhookHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.time = time;
        this.logger = logger;
        authenticator = access.Settings is { } settings ? new WebhookAuthenticator(settings, limits) : null;
    }

    /// <summary>Handles one webhook request; <see cref="ApiRequest.Path"/> is the url after <c>/api/v1/webhooks/</c>.</summary>
    public async Task<WebhookResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hook = WebhookRequestParser.NormalizeHook(request.Path);
        var body = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, limits.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Reject(hook, new WebhookRejection(413, $"Request body is larger than {limits.MaxBodyBytes} bytes."), null);
        }

        string? signedNonce = null;
        if (authenticator is not null)
        {
            var denied = authenticator.Authenticate(hook, request.Headers, request.QueryValue(WebhookHeaders.ApiKeyQueryParameter), body, time.GetUtcNow(), out signedNonce);
            if (denied is not null)
            {
                return Reject(hook, denied, null);
            }
        }

        var contentType = request.Headers.TryGetValue("Content-Type", out var type) ? type : null;
        var parsed = WebhookRequestParser.TryParse(hook, request.Headers, contentType, body, out var malformed);
        if (parsed is null)
        {
            return Reject(hook, malformed!, null);
        }

        parsed = parsed with { SignedNonce = signedNonce };

        var outcome = await dispatcher.DispatchAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (outcome.Rejection is not null)
        {
            return Reject(hook, outcome.Rejection, parsed.TraceTag);
        }

        // The dispatcher makes up a trace tag when the caller sent none; report the one the instances carry.
        var traceTag = outcome.TraceTag ?? parsed.TraceTag;
        LogAccepted(hook, string.Join(",", outcome.TriggerInstanceIds), traceTag ?? "none");
        return new WebhookResponse(ApiResult.Json(parsed.Body, 202), hook, traceTag, outcome.TriggerInstanceIds);
    }

    private WebhookResponse Reject(string hook, WebhookRejection rejection, string? traceTag)
    {
        LogRejected(hook, rejection.StatusCode, rejection.Message);
        return new WebhookResponse(ApiResult.Fault(rejection.StatusCode, rejection.Message), hook, traceTag, []);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Hook} accepted: trigger instance {TriggerInstanceId}, trace tag {TraceTag}")]
    private partial void LogAccepted(string hook, string triggerInstanceId, string traceTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Hook} rejected with {StatusCode}: {Reason}")]
    private partial void LogRejected(string hook, int statusCode, string reason);
}
