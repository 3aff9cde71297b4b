namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Port: turns an authenticated, parsed webhook request into trigger instances (the
/// <c>core.st2.webhook</c> triggers registered for its url, or the trigger named by an <c>st2</c>
/// webhook body). Implemented over the dispatch use case; hosts (Functions, <c>sflow serve</c>) call it.</summary>
public interface IWebhookDispatcher
{
    /// <summary>Dispatches the request; returns which trigger instances were written, or why none was.</summary>
    Task<WebhookDispatchOutcome> DispatchAsync(WebhookRequest request, CancellationToken cancellationToken);
}
