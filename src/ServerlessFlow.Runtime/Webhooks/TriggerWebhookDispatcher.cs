using ServerlessFlow.Core.Rules;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Dispatches webhook requests through the runtime's dispatch use case, as StackStorm's
/// webhooks controller does: the <c>st2</c> webhook dispatches the trigger named in its body; any other
/// url dispatches one <c>core.st2.webhook</c> instance with headers and body, or answers 404 when no
/// enabled rule listens on it. A signed request's signature, or else a delivery id, seeds the instance id, so a replay or a
/// redelivery writes nothing new.</summary>
public sealed class TriggerWebhookDispatcher(TriggerDispatcher dispatcher, Func<WebhookRegistry> registry, TimeProvider time) : IWebhookDispatcher
{
    /// <inheritdoc />
    public async Task<WebhookDispatchOutcome> DispatchAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string trigger;
        Dictionary<string, object?> payload;
        Dictionary<string, object?>? triggerParameters = null;
        if (request.IsSystemHook)
        {
            var body = SystemWebhookBody.TryRead(request.Body, out var rejection);
            if (body is null)
            {
                return WebhookDispatchOutcome.Rejected(rejection!);
            }

            if (body.Payload is not (null or Dictionary<string, object?>))
            {
                return WebhookDispatchOutcome.Rejected(new WebhookRejection(400, "Webhook field \"payload\" must be an object."));
            }

            trigger = body.Trigger;
            payload = body.Payload as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        else
        {
            if (!registry().IsRegistered(request.Hook))
            {
                return WebhookDispatchOutcome.Rejected(new WebhookRejection(404, $"Webhook {request.Hook} not registered with st2"));
            }

            trigger = WebhookRegistry.WebhookTriggerType;
            payload = request.ToTriggerPayload();
            // Rules on core.st2.webhook are indexed by their url parameter.
            triggerParameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["url"] = request.Hook };
        }

        // Refused here, before anything is stored: deeper payloads could never be matched (the rule matcher stops at this depth).
        if (PlainValues.Depth(payload, RuleLimits.MaxPayloadDepth) > RuleLimits.MaxPayloadDepth)
        {
            return WebhookDispatchOutcome.Rejected(new WebhookRejection(
                400,
                $"The webhook payload nests deeper than {RuleLimits.MaxPayloadDepth} levels{(request.IsSystemHook ? string.Empty : " (the body sits one level down, under \"body\")")}; it is refused because no rule could evaluate it."));
        }

        // A signed request is named by its signature (signed data: a replay, even with a new delivery id, is this instance again);
        // otherwise an API-key sender's delivery id names it; otherwise every request is new.
        var id = request.SignedNonce is not null ? RecordIds.Derive("webhook-signed", request.Hook, request.SignedNonce)
            : request.DeliveryId is not null ? RecordIds.Derive("webhook", request.Hook, request.DeliveryId)
            : RecordIds.New(time);
        var traceTag = request.TraceTag ?? $"webhook-{request.Hook}-{id}";
        try
        {
            var instance = await dispatcher.DispatchAsync(trigger, payload, traceTag, id, triggerParameters, cancellationToken).ConfigureAwait(false);
            return WebhookDispatchOutcome.Accepted([instance.Id], instance.TraceTag);
        }
        catch (InvalidTriggerPayloadException ex)
        {
            return WebhookDispatchOutcome.Rejected(new WebhookRejection(400, ex.Message));
        }
    }
}
