using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessFlow.Functions.Webhooks;

/// <summary>HTTP sensor: <c>POST /api/v1/webhooks/{*url}</c>, including the generic <c>st2</c> webhook.
/// Anonymous at the host: the endpoint checks the webhook's signature or the API key itself, because
/// signing senders such as GitHub cannot also send a key header.</summary>
internal sealed class WebhookFunction(WebhookEndpoint endpoint)
{
    /// <summary>The function name in functions.metadata.</summary>
    public const string Name = "Webhook";

    /// <summary>Parses, authenticates and dispatches one webhook request.</summary>
    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhooks/{*url}")] HttpRequest request,
        string? url,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, url, cancellationToken);
}
