namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>The body of the generic <c>st2</c> webhook: which trigger to dispatch and its payload.</summary>
/// <param name="Trigger">Trigger reference, e.g. <c>examples.sample_trigger</c>.</param>
/// <param name="Payload">The trigger payload (validated against the trigger type by the dispatcher).</param>
public sealed record SystemWebhookBody(string Trigger, object? Payload)
{
    /// <summary>Reads <c>{trigger, payload}</c> with StackStorm's checks and messages; returns a 400 rejection when they fail.</summary>
    public static SystemWebhookBody? TryRead(object? body, out WebhookRejection? rejection)
    {
        if (body is not Dictionary<string, object?> dict)
        {
            rejection = new WebhookRejection(400, $"Webhook body needs to be an object, got: {WebhookAuthSettings.JsonTypeName(body)}");
            return null;
        }

        dict.TryGetValue("trigger", out var trigger);
        if (trigger is null || (trigger is string text && text.Length == 0) || trigger is false)
        {
            rejection = new WebhookRejection(400, "Trigger not specified.");
            return null;
        }

        if (trigger is not string reference)
        {
            rejection = new WebhookRejection(400, $"Trigger must be a string reference such as \"pack.trigger\", got: {WebhookAuthSettings.JsonTypeName(trigger)}");
            return null;
        }

        dict.TryGetValue("payload", out var payload);
        rejection = null;
        return new SystemWebhookBody(reference, payload);
    }
}
