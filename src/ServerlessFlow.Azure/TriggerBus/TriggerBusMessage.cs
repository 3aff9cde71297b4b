using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Azure.TriggerBus;

/// <summary>The trigger-bus message: a pointer to a stored trigger instance, as JSON
/// <c>{"id": …, "trace_tag": …}</c>. The payload stays in the store, so a message never nears the
/// queue's size limit, and on Service Bus the MessageId is the instance id (duplicate detection).</summary>
/// <param name="TriggerInstanceId">The instance id.</param>
/// <param name="TraceTag">The trace tag, carried for telemetry.</param>
public sealed record TriggerBusMessage(string TriggerInstanceId, string? TraceTag)
{
    /// <summary>The JSON body.</summary>
    public BinaryData ToBinaryData() => BinaryData.FromString(JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["id"] = TriggerInstanceId,
        ["trace_tag"] = TraceTag,
    }));

    /// <summary>Reads a body; returns null and a description naming the problem when it is not a trigger-bus message.</summary>
    public static TriggerBusMessage? TryRead(BinaryData body, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.ToMemory().Span);
        }
        catch (DecoderFallbackException)
        {
            problem = "Message body is not UTF-8 text.";
            return null;
        }

        if (!JsonText.TryParse(text, out var parsed, out var error))
        {
            problem = $"Message body is not JSON: {error}";
            return null;
        }

        if (parsed is not Dictionary<string, object?> fields
            || !fields.TryGetValue("id", out var id) || id is not string instanceId || instanceId.Length == 0)
        {
            problem = "Message body must be a JSON object with a non-empty string \"id\" (the trigger instance id).";
            return null;
        }

        fields.TryGetValue("trace_tag", out var traceTag);
        if (traceTag is not null and not string)
        {
            problem = "Message field \"trace_tag\" must be a string or null.";
            return null;
        }

        problem = null;
        return new TriggerBusMessage(instanceId, traceTag as string);
    }
}
