using System.Collections.Frozen;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Rules.Triggers;

/// <summary>
/// StackStorm's built-in trigger types with their parameter and payload schemas (the pack model's
/// <see cref="SystemTriggerTypes"/>, from st2common/constants/triggers.py: webhook, timers, action
/// and notify triggers, key-value pair triggers, inquiry, sensor and file-written triggers).
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

    /// <summary>Every built-in trigger type by reference.</summary>
    public static FrozenDictionary<string, TriggerTypeDescriptor> All { get; } = Build().ToFrozenDictionary(t => t.Ref, StringComparer.Ordinal);

    /// <summary>Looks a built-in trigger type up by reference.</summary>
    public static bool TryGet(string reference, out TriggerTypeDescriptor descriptor) => All.TryGetValue(reference, out descriptor!);

    private static IEnumerable<TriggerTypeDescriptor> Build() => SystemTriggerTypes.All.Values.Select(TriggerTypeDescriptor.From);
}
