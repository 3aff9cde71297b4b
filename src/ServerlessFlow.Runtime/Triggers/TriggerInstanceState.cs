using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>One occurrence of a trigger: the trigger type ref, its payload and when it happened.</summary>
public sealed record TriggerInstanceState
{
    /// <summary>The instance id; the idempotence key for everything downstream.</summary>
    public required string Id { get; init; }

    /// <summary>The trigger type ref (<c>core.st2.webhook</c>…).</summary>
    public required string Trigger { get; init; }

    /// <summary>The trigger's parameters (e.g. a webhook's url, a timer's interval): rules match on them too.</summary>
    public Dictionary<string, object?> TriggerParameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The payload (plain object).</summary>
    public Dictionary<string, object?> Payload { get; init; } = new(StringComparer.Ordinal);

    /// <summary>When the trigger occurred.</summary>
    public required DateTimeOffset OccurrenceTime { get; init; }

    /// <summary>Processing status.</summary>
    public TriggerInstanceStatus Status { get; init; } = TriggerInstanceStatus.Pending;

    /// <summary>The trace tag, if the sender gave one.</summary>
    public string? TraceTag { get; init; }

    /// <summary>The store's version (ETag) as read.</summary>
    public string? Version { get; init; }

    /// <summary>The API spelling of a status.</summary>
    public static string StatusName(TriggerInstanceStatus status) => status switch
    {
        TriggerInstanceStatus.Pending => "pending",
        TriggerInstanceStatus.Processing => "processing",
        TriggerInstanceStatus.Processed => "processed",
        _ => "processing_failed",
    };

    /// <summary>The record as StackStorm's API shapes it.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["id"] = Id,
        ["trigger"] = Trigger,
        ["trigger_parameters"] = PlainValues.DeepClone(TriggerParameters),
        ["payload"] = PlainValues.DeepClone(Payload),
        ["occurrence_time"] = PlainRecord.FormatTimestamp(OccurrenceTime),
        ["status"] = StatusName(Status),
        ["trace_tag"] = TraceTag,
    };

    /// <summary>Reads a record written by <see cref="ToPlain"/>.</summary>
    public static TriggerInstanceState FromPlain(Dictionary<string, object?> data, string? version) => new()
    {
        Id = PlainRecord.RequireString(data, "id"),
        Trigger = PlainRecord.RequireString(data, "trigger"),
        TriggerParameters = PlainRecord.OptionalObject(data, "trigger_parameters"),
        Payload = PlainRecord.OptionalObject(data, "payload"),
        OccurrenceTime = PlainRecord.OptionalTimestamp(data, "occurrence_time") ?? throw new FormatException("Record field 'occurrence_time' is missing."),
        Status = PlainRecord.RequireString(data, "status") switch
        {
            "pending" => TriggerInstanceStatus.Pending,
            "processing" => TriggerInstanceStatus.Processing,
            "processed" => TriggerInstanceStatus.Processed,
            "processing_failed" => TriggerInstanceStatus.ProcessingFailed,
            var other => throw new FormatException($"Unknown trigger instance status '{other}'."),
        },
        TraceTag = PlainRecord.OptionalString(data, "trace_tag"),
        Version = version,
    };
}
