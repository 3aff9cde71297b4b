using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// StackStorm's status of a workflow or of an action execution inside one, as the workflow engine reports and consumes
/// it. On the wire it is StackStorm's lower-case name (<c>succeeded</c>, <c>timeout</c>…), so records written with the
/// names read back as the enum.
/// </summary>
[JsonConverter(typeof(WorkflowStatusJsonConverter))]
public enum WorkflowStatus
{
    /// <summary>Asked for, not yet scheduled.</summary>
    Requested,

    /// <summary>Scheduled to run.</summary>
    Scheduled,

    /// <summary>Waiting out a delay.</summary>
    Delayed,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Waiting for something outside (an inquiry's answer).</summary>
    Pending,

    /// <summary>Pausing: no new tasks; paused once running ones end.</summary>
    Pausing,

    /// <summary>Paused.</summary>
    Paused,

    /// <summary>Resuming from paused.</summary>
    Resuming,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Ran out of time (StackStorm's <c>timeout</c>; orquesta's "expired").</summary>
    Timeout,

    /// <summary>Given up on (the host lost it).</summary>
    Abandoned,

    /// <summary>Canceling: no new tasks; canceled once running ones end.</summary>
    Canceling,

    /// <summary>Canceled.</summary>
    Canceled,
}

/// <summary>Names and groups of <see cref="WorkflowStatus"/>.</summary>
public static class WorkflowStatusNames
{
    private static readonly Dictionary<string, WorkflowStatus> ByName =
        Enum.GetValues<WorkflowStatus>().ToDictionary(ToName, s => s, StringComparer.Ordinal);

    /// <summary>StackStorm's (and orquesta's) name: <c>succeeded</c>, <c>timeout</c>…</summary>
    public static string ToName(this WorkflowStatus status) => status switch
    {
        WorkflowStatus.Requested => "requested",
        WorkflowStatus.Scheduled => "scheduled",
        WorkflowStatus.Delayed => "delayed",
        WorkflowStatus.Running => "running",
        WorkflowStatus.Pending => "pending",
        WorkflowStatus.Pausing => "pausing",
        WorkflowStatus.Paused => "paused",
        WorkflowStatus.Resuming => "resuming",
        WorkflowStatus.Succeeded => "succeeded",
        WorkflowStatus.Failed => "failed",
        WorkflowStatus.Timeout => "timeout",
        WorkflowStatus.Abandoned => "abandoned",
        WorkflowStatus.Canceling => "canceling",
        WorkflowStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a workflow status."),
    };

    /// <summary>The status named <paramref name="name"/> (StackStorm's lower-case names), or false.</summary>
    public static bool TryParse(string? name, out WorkflowStatus status) => ByName.TryGetValue(name ?? string.Empty, out status);

    /// <summary>The status named <paramref name="name"/>; throws naming it when it is not one.</summary>
    public static WorkflowStatus Parse(string name) =>
        TryParse(name, out var status) ? status : throw new ArgumentException($"\"{name}\" is not a workflow status.", nameof(name));

    /// <summary>Finished: succeeded, failed, timeout, abandoned or canceled.</summary>
    public static bool IsCompleted(this WorkflowStatus status) =>
        status is WorkflowStatus.Succeeded or WorkflowStatus.Failed or WorkflowStatus.Timeout or WorkflowStatus.Abandoned or WorkflowStatus.Canceled;
}

/// <summary>Writes and reads <see cref="WorkflowStatus"/> as its StackStorm name.</summary>
public sealed class WorkflowStatusJsonConverter : JsonConverter<WorkflowStatus>
{
    /// <inheritdoc/>
    public override WorkflowStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return WorkflowStatusNames.TryParse(name, out var status)
            ? status
            : throw new JsonException($"\"{name}\" is not a workflow status.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, WorkflowStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToName());
    }
}
