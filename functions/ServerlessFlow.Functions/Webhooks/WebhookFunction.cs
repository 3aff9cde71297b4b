using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Telemetry;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Functions.Webhooks;

/// <summary>HTTP sensor: <c>POST /api/v1/webhooks/{*url}</c>, including the generic <c>st2</c> webhook, handled by the
/// runtime's <see cref="WebhookHandler"/> (the one <c>sflow serve</c> uses) inside a span tagged with the webhook and its
/// trace tag. Anonymous at the host: the handler checks the webhook's signature or the API key itself, because signing
/// senders such as GitHub cannot also send a key header.</summary>
internal sealed class WebhookFunction(WebhookHandler handler)
{
    /// <summary>The function name in functions.metadata.</summary>
    public const string Name = "Webhook";

    /// <summary>Authenticates, parses and dispatches one webhook request.</summary>
    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhooks/{*url}")] HttpRequest request,
        string? url,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hook = WebhookRequestParser.NormalizeHook(url ?? string.Empty);
        using var activity = SflowTelemetry.Source.StartActivity("webhook " + hook);
        activity?.SetTag(SflowTelemetry.WebhookAttribute, hook);
        var response = await handler.HandleAsync(HttpRequests.ToApiRequest(request, url), cancellationToken).ConfigureAwait(false);
        activity?.SetTag(SflowTelemetry.TraceTagAttribute, response.TraceTag);
        return HttpRequests.ToActionResult(response.Result, request.HttpContext.Response);
    }
}
