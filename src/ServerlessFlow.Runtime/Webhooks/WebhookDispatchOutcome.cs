namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>What dispatching a webhook request did: the trigger-instance ids written, or a rejection
/// (404 no trigger registered for the url, 400 payload invalid for the trigger type).</summary>
/// <param name="TriggerInstanceIds">Ids of the stored trigger instances; empty when rejected.</param>
/// <param name="Rejection">Null when accepted.</param>
/// <param name="TraceTag">The trace tag the instances carry (the caller's, or the one made up for them); null when rejected.</param>
public sealed record WebhookDispatchOutcome(IReadOnlyList<string> TriggerInstanceIds, WebhookRejection? Rejection, string? TraceTag = null)
{
    /// <summary>Accepted with the given instance ids and their trace tag.</summary>
    public static WebhookDispatchOutcome Accepted(IReadOnlyList<string> ids, string? traceTag = null) => new(ids, null, traceTag);

    /// <summary>Nothing dispatched, for the given reason.</summary>
    public static WebhookDispatchOutcome Rejected(WebhookRejection rejection) => new([], rejection);
}
