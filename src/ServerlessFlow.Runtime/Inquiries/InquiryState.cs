using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>A question asked by <c>core.ask</c>: the response schema, who may answer, and the answer once given.
/// Its id is the execution id of the asking action, as in StackStorm.</summary>
public sealed record InquiryState
{
    /// <summary>The inquiry id (= the <c>core.ask</c> execution id).</summary>
    public required string Id { get; init; }

    /// <summary>JSON schema the response must satisfy.</summary>
    public Dictionary<string, object?> Schema { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Roles allowed to respond (empty: anyone).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Users allowed to respond (empty: anyone).</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>Notification route.</summary>
    public string? Route { get; init; }

    /// <summary>Minutes before the inquiry times out (0: never).</summary>
    public long Ttl { get; init; }

    /// <summary>"pending", "succeeded" (answered) or "timeout".</summary>
    public string Status { get; init; } = "pending";

    /// <summary>The validated response.</summary>
    public Dictionary<string, object?>? Response { get; init; }

    /// <summary>When the inquiry was asked.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The parent workflow execution, if any (resumed when answered).</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>The store's version as read.</summary>
    public string? Version { get; init; }

    /// <summary>The record as StackStorm's inquiry API shapes it.</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["id"] = Id,
        ["schema"] = PlainValues.DeepClone(Schema),
        ["roles"] = Roles.Select(r => (object?)r).ToList(),
        ["users"] = Users.Select(u => (object?)u).ToList(),
        ["route"] = Route,
        ["ttl"] = Ttl,
        ["status"] = Status,
        ["response"] = PlainValues.DeepClone(Response),
        ["created_at"] = PlainRecord.FormatTimestamp(CreatedAt),
        ["parent"] = ParentExecutionId,
    };

    /// <summary>Reads a record written by <see cref="ToPlain"/>.</summary>
    public static InquiryState FromPlain(Dictionary<string, object?> data, string? version) => new()
    {
        Id = PlainRecord.RequireString(data, "id"),
        Schema = PlainRecord.OptionalObject(data, "schema"),
        Roles = PlainRecord.StringList(data, "roles"),
        Users = PlainRecord.StringList(data, "users"),
        Route = PlainRecord.OptionalString(data, "route"),
        Ttl = data.GetValueOrDefault("ttl") is long ttl ? ttl : 0,
        Status = PlainRecord.RequireString(data, "status"),
        Response = data.GetValueOrDefault("response") as Dictionary<string, object?>,
        CreatedAt = PlainRecord.OptionalTimestamp(data, "created_at") ?? throw new FormatException("Record field 'created_at' is missing."),
        ParentExecutionId = PlainRecord.OptionalString(data, "parent"),
        Version = version,
    };
}
