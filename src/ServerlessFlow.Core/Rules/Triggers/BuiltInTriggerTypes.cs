using System.Collections.Frozen;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Triggers;

/// <summary>
/// StackStorm's built-in trigger types with their parameter and payload schemas, copied from
/// st2common/constants/triggers.py (webhook, timers, action and notify triggers, key-value pair
/// triggers, inquiry, sensor and file-written triggers).
/// </summary>
public static class BuiltInTriggerTypes
{
    /// <summary><c>core.st2.webhook</c>: parameters {url}; payload {headers, body}.</summary>
    public const string Webhook = "core.st2.webhook";

    /// <summary><c>core.st2.IntervalTimer</c>: parameters {unit, delta, timezone}.</summary>
    public const string IntervalTimer = "core.st2.IntervalTimer";

    /// <summary><c>core.st2.DateTimer</c>: parameters {date, timezone}.</summary>
    public const string DateTimer = "core.st2.DateTimer";

    /// <summary><c>core.st2.CronTimer</c>: parameters {timezone, year, month, day, week, day_of_week, hour, minute, second}.</summary>
    public const string CronTimer = "core.st2.CronTimer";

    /// <summary><c>core.st2.generic.actiontrigger</c>: an action execution completed.</summary>
    public const string ActionTrigger = "core.st2.generic.actiontrigger";

    /// <summary><c>core.st2.generic.notifytrigger</c>: an action's notify section fired.</summary>
    public const string NotifyTrigger = "core.st2.generic.notifytrigger";

    /// <summary><c>core.st2.generic.inquiry</c>: an inquiry is pending.</summary>
    public const string Inquiry = "core.st2.generic.inquiry";

    private const string AnyProperty = "{}";

    private const string TimerPayload = """
        {"type": "object", "properties": {
          "executed_at": {"type": "string", "format": "date-time", "default": "2014-07-30 05:04:24.578325"},
          "schedule": {"type": "object", "default": {"delta": 30, "units": "seconds"}}}}
        """;

    private const string CronField = """{"anyOf": [{"type": "string"}, {"type": "integer"}]""";

    /// <summary>Every built-in trigger type by reference.</summary>
    public static FrozenDictionary<string, TriggerTypeDescriptor> All { get; } = Build().ToFrozenDictionary(t => t.Ref, StringComparer.Ordinal);

    /// <summary>Looks a built-in trigger type up by reference.</summary>
    public static bool TryGet(string reference, out TriggerTypeDescriptor descriptor) => All.TryGetValue(reference, out descriptor!);

    private static IEnumerable<TriggerTypeDescriptor> Build()
    {
        yield return new(Webhook, "Trigger type for registering webhooks that can consume arbitrary payload.",
            Parse("""{"type": "object", "properties": {"url": {"type": "string", "required": true}}, "additionalProperties": false}"""),
            Parse("""{"type": "object", "properties": {"headers": {"type": "object"}, "body": {"anyOf": [{"type": "array"}, {"type": "object"}]}}}"""));
        yield return new(IntervalTimer, "Triggers on specified intervals. e.g. every 30s, 1week etc.",
            Parse("""
                {"type": "object", "properties": {
                  "timezone": {"type": "string"},
                  "unit": {"enum": ["weeks", "days", "hours", "minutes", "seconds"], "required": true},
                  "delta": {"type": "integer", "required": true}},
                 "additionalProperties": false}
                """),
            Parse(TimerPayload));
        yield return new(DateTimer, "Triggers exactly once when the current time matches the specified time. e.g. timezone:UTC date:2014-12-31 23:59:59.",
            Parse("""
                {"type": "object", "properties": {
                  "timezone": {"type": "string"},
                  "date": {"type": "string", "format": "date-time", "required": true}},
                 "additionalProperties": false}
                """),
            Parse(TimerPayload));
        yield return new(CronTimer, "Triggers whenever current time matches the specified time constaints like a UNIX cron scheduler.",
            Parse("""
                {"type": "object", "properties": {
                  "timezone": {"type": "string"},
                  "year": CRON},
                  "month": CRON, "minimum": 1, "maximum": 12},
                  "day": CRON, "minimum": 1, "maximum": 31},
                  "week": CRON, "minimum": 1, "maximum": 53},
                  "day_of_week": CRON, "minimum": 0, "maximum": 6},
                  "hour": CRON, "minimum": 0, "maximum": 23},
                  "minute": CRON, "minimum": 0, "maximum": 59},
                  "second": CRON, "minimum": 0, "maximum": 59}},
                 "additionalProperties": false}
                """.Replace("CRON", CronField, StringComparison.Ordinal)),
            Parse(TimerPayload));
        yield return new(ActionTrigger, "Trigger encapsulating the completion of an action execution.", null,
            Properties("execution_id", "status", "start_timestamp", "action_name", "action_ref", "runner_ref", "parameters", "result"));
        yield return new(NotifyTrigger, "Notification trigger.", null,
            Properties("execution_id", "status", "start_timestamp", "end_timestamp", "action_ref", "runner_ref", "channel", "route", "message", "data"));
        yield return new("core.st2.action.file_written", "Trigger encapsulating action file being written on disk.", null,
            Properties("ref", "file_path", "host_info"));
        yield return new(Inquiry, "Trigger indicating a new \"inquiry\" has entered \"pending\" status", null,
            Parse("""
                {"type": "object", "properties": {
                  "id": {"type": "string", "description": "ID of the new inquiry.", "required": true},
                  "route": {"type": "string", "description": "An arbitrary value for allowing rules to route to proper notification channel.", "required": true}},
                 "additionalProperties": false}
                """));
        yield return new("core.st2.sensor.process_spawn", "Trigger indicating sensor process is started up.", null, Properties("object"));
        yield return new("core.st2.sensor.process_exit", "Trigger indicating sensor process is stopped.", null, Properties("object"));
        yield return new("core.st2.key_value_pair.create", "Trigger encapsulating datastore item creation.", null, Properties("object"));
        yield return new("core.st2.key_value_pair.update", "Trigger encapsulating datastore set action.", null, Properties("object"));
        yield return new("core.st2.key_value_pair.value_change", "Trigger encapsulating a change of datastore item value.", null,
            Properties("old_object", "new_object"));
        yield return new("core.st2.key_value_pair.delete", "Trigger encapsulating datastore item deletion.", null, Properties("object"));
    }

    private static object? Parse(string json) => JsonText.Parse(json);

    private static object? Properties(params string[] names) =>
        Parse("""{"type": "object", "properties": {""" + string.Join(", ", names.Select(n => $"\"{n}\": {AnyProperty}")) + "}}");
}
