using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Enforcements;

/// <summary>One rule firing for one trigger instance: StackStorm's rule enforcement record.</summary>
public sealed record RuleEnforcementState
{
    /// <summary>Deterministic id from (trigger instance id, rule ref): a redelivered instance enforces a rule once.</summary>
    public required string Id { get; init; }

    /// <summary>The rule ref.</summary>
    public required string RuleRef { get; init; }

    /// <summary>The trigger instance that matched.</summary>
    public required string TriggerInstanceId { get; init; }

    /// <summary>The trigger type ref of that instance.</summary>
    public string? TriggerType { get; init; }

    /// <summary>The execution the enforcement started, once known.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>"succeeded" when an execution was requested, "failed" when parameters could not be rendered etc.</summary>
    public string Status { get; init; } = "succeeded";

    /// <summary>Why the enforcement failed, if it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When the rule was enforced.</summary>
    public required DateTimeOffset EnforcedAt { get; init; }

    /// <summary>The trace tag carried from the instance.</summary>
    public string? TraceTag { get; init; }

    /// <summary>The store's version as read.</summary>
    public string? Version { get; init; }

    /// <summary>The record as StackStorm's API shapes it.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["id"] = Id,
        ["rule"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = RuleRef },
        ["trigger_instance_id"] = TriggerInstanceId,
        ["trigger_type"] = TriggerType,
        ["execution_id"] = ExecutionId,
        ["status"] = Status,
        ["failure_reason"] = FailureReason,
        ["enforced_at"] = PlainRecord.FormatTimestamp(EnforcedAt),
        ["trace_tag"] = TraceTag,
    };

    /// <summary>Reads a record written by <see cref="ToPlain"/>.</summary>
    public static RuleEnforcementState FromPlain(Dictionary<string, object?> data, string? version) => new()
    {
        Id = PlainRecord.RequireString(data, "id"),
        RuleRef = PlainRecord.RequireString(PlainRecord.OptionalObject(data, "rule"), "ref"),
        TriggerInstanceId = PlainRecord.RequireString(data, "trigger_instance_id"),
        TriggerType = PlainRecord.OptionalString(data, "trigger_type"),
        ExecutionId = PlainRecord.OptionalString(data, "execution_id"),
        Status = PlainRecord.RequireString(data, "status"),
        FailureReason = PlainRecord.OptionalString(data, "failure_reason"),
        EnforcedAt = PlainRecord.OptionalTimestamp(data, "enforced_at") ?? throw new FormatException("Record field 'enforced_at' is missing."),
        TraceTag = PlainRecord.OptionalString(data, "trace_tag"),
        Version = version,
    };
}
