namespace ServerlessFlow.Runtime.Timers;

/// <summary>The trigger types the timer sensor serves (StackStorm's <c>core.st2.*Timer</c>).</summary>
public static class TimerTriggerTypes
{
    /// <summary>Every <c>delta</c> <c>unit</c>s.</summary>
    public const string Interval = "core.st2.IntervalTimer";

    /// <summary>APScheduler cron fields.</summary>
    public const string Cron = "core.st2.CronTimer";

    /// <summary>Once, at <c>date</c>.</summary>
    public const string Date = "core.st2.DateTimer";

    /// <summary>True for one of the three timer trigger types.</summary>
    public static bool IsTimer(string triggerType) => triggerType is Interval or Cron or Date;
}
