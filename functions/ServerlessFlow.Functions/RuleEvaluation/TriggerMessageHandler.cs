using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.Telemetry;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>The one code path behind both rule-evaluation triggers (Service Bus and Storage Queue):
/// reads the message, rejects what can never succeed as poison with a reason, and hands the
/// instance to the processor. Message body: <c>{"id": "&lt;trigger instance id&gt;", "trace_tag": …}</c>.</summary>
internal sealed class TriggerMessageHandler(ITriggerInstanceProcessor processor)
{
    /// <summary>Dead-letter reason: the body is not the expected JSON object.</summary>
    public const string MalformedReason = "MalformedTriggerMessage";

    /// <summary>Dead-letter reason: the transport message id and the body's id disagree.</summary>
    public const string MismatchReason = "TriggerMessageIdMismatch";

    /// <summary>Handles one message. <paramref name="transportMessageId"/> is the Service Bus MessageId
    /// (null for Storage Queue messages, whose ids are assigned by the service).</summary>
    public async Task<TriggerMessageOutcome> HandleAsync(string? transportMessageId, BinaryData body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (message, poison) = Read(body);
        if (message is null)
        {
            return poison!;
        }

        if (transportMessageId is not null && !string.Equals(transportMessageId, message.TriggerInstanceId, StringComparison.Ordinal))
        {
            return TriggerMessageOutcome.Poison(MismatchReason,
                $"MessageId \"{transportMessageId}\" differs from the body's id \"{message.TriggerInstanceId}\"; the sender must set MessageId to the trigger instance id.");
        }

        using var activity = SflowTelemetry.Source.StartActivity("evaluate rules");
        activity?.SetTag(SflowTelemetry.TriggerInstanceAttribute, message.TriggerInstanceId);
        activity?.SetTag(SflowTelemetry.TraceTagAttribute, message.TraceTag);
        await processor.ProcessAsync(message, cancellationToken).ConfigureAwait(false);
        return TriggerMessageOutcome.Processed;
    }

    /// <summary>Serialises a message the way senders must write it.</summary>
    public static BinaryData Write(TriggerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return BinaryData.FromString(JsonText.Serialize(new Dictionary<string, object?>
        {
            ["id"] = message.TriggerInstanceId,
            ["trace_tag"] = message.TraceTag,
        }));
    }

    private static (TriggerMessage? Message, TriggerMessageOutcome? Poison) Read(BinaryData body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.ToMemory().Span);
        }
        catch (DecoderFallbackException)
        {
            return (null, TriggerMessageOutcome.Poison(MalformedReason, "Message body is not UTF-8 text."));
        }

        if (!JsonText.TryParse(text, out var parsed, out var error))
        {
            return (null, TriggerMessageOutcome.Poison(MalformedReason, $"Message body is not JSON: {error}"));
        }

        if (parsed is not Dictionary<string, object?> fields
            || !fields.TryGetValue("id", out var id) || id is not string instanceId || instanceId.Length == 0)
        {
            return (null, TriggerMessageOutcome.Poison(MalformedReason, "Message body must be a JSON object with a non-empty string \"id\" (the trigger instance id)."));
        }

        fields.TryGetValue("trace_tag", out var traceTag);
        if (traceTag is not null and not string)
        {
            return (null, TriggerMessageOutcome.Poison(MalformedReason, "Message field \"trace_tag\" must be a string or null."));
        }

        return (new TriggerMessage(instanceId, traceTag as string), null);
    }
}
