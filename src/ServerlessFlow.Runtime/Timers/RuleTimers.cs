using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>The timers the enabled rules declare (rules on <c>core.st2.IntervalTimer</c>, <c>CronTimer</c>
/// or <c>DateTimer</c>), for the timer sensor.</summary>
public static class RuleTimers
{
    /// <summary>One <see cref="TimerTrigger"/> per enabled timer rule (the planner merges identical ones).</summary>
    public static IReadOnlyList<TimerTrigger> From(IEnumerable<CompiledRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules
            .Where(r => r.Enabled && TimerTriggerTypes.IsTimer(r.TriggerType))
            .Select(r => new TimerTrigger(r.TriggerType, r.TriggerParameters))
            .ToList();
    }
}
