using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>GET /api/v1/webhooks[/{url}]</c>: the webhook triggers the rules in force register (StackStorm's trigger shape,
/// type <c>core.st2.webhook</c> with its <c>url</c> parameter); getting one gives the first trigger of that url, as st2 does.
/// Posting to a webhook is the webhook endpoint's, not this resource's.</summary>
public sealed class WebhooksApi(PackCatalog catalog, RuleRegistry rules) : IApiResource
{
    /// <inheritdoc/>
    public string Name => "webhooks";

    /// <inheritdoc/>
    public bool SelectsAttributes => false;

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != "GET")
        {
            return Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET", "POST"));
        }

        var triggers = new TriggersApi(catalog, rules);
        var hooks = TriggersApi.Everything(catalog, rules)
            .Where(t => t.Type.Ref == WebhookRegistry.WebhookTriggerType && t.Parameters.GetValueOrDefault("url") is string)
            .ToList();
        if (request.Path.Trim('/') is { Length: > 0 } url)
        {
            var hook = WebhookRequestParser.NormalizeHook(url);
            return Task.FromResult(hooks.FirstOrDefault(t => WebhookRequestParser.NormalizeHook((string)t.Parameters["url"]!) == hook) is { } found
                ? ApiResult.Json(triggers.ToPlain(found))
                : ApiResult.Fault(404, $"No webhook is registered at \"{url}\": no rule in force uses it."));
        }

        return Task.FromResult(CatalogListing.Page(request, hooks, triggers.ToPlain));
    }
}
