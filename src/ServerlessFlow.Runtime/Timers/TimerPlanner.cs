namespace ServerlessFlow.Runtime.Timers;

/// <summary>Decides, for one tick of the timer sensor, which fires are due. Stateless: a tick at
/// <c>now</c> covers the window (now − lookback, now], cut at each timer's first-seen time when given, so a late
/// tick still emits what it missed and two ticks that overlap compute the same fires with the same ids; storing
/// them insert-if-absent makes each fire happen once.</summary>
public static class TimerPlanner
{
    /// <summary>Plans the fires due in (<paramref name="now"/> − <paramref name="lookback"/>, <paramref name="now"/>].</summary>
    /// <param name="timers">Timer triggers of the enabled rules (duplicates are merged).</param>
    /// <param name="now">The tick's time.</param>
    /// <param name="lookback">How far back a tick looks; at least the tick period plus the worst lateness.</param>
    /// <param name="maxFiresPerTimer">Bound per timer per tick, so a one-second interval cannot flood a long window.</param>
    /// <param name="notBefore">Per timer key, a time at or before which that timer plans nothing (when it was first seen);
    /// timers not in it are bounded by the lookback alone.</param>
    public static TimerPlan Plan(
        IEnumerable<TimerTrigger> timers, DateTimeOffset now, TimeSpan lookback, int maxFiresPerTimer = 1000, IReadOnlyDictionary<string, DateTimeOffset>? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lookback, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiresPerTimer, 1);
        var fires = new List<TimerFire>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var timer in timers)
        {
            if (!seen.Add(timer.Key))
            {
                continue;
            }

            TimerSchedule schedule;
            try
            {
                schedule = TimerSchedule.Parse(timer.Type, timer.Parameters);
            }
            catch (FormatException ex)
            {
                problems.Add($"{timer.Key}: {ex.Message}");
                continue;
            }

            var after = now - lookback;
            if (notBefore is not null && notBefore.TryGetValue(timer.Key, out var start) && start > after)
            {
                after = start;
            }

            foreach (var time in schedule.Occurrences(after, now, maxFiresPerTimer))
            {
                fires.Add(new TimerFire(timer, time));
            }
        }

        fires.Sort((a, b) =>
        {
            var byTime = a.ScheduledTime.CompareTo(b.ScheduledTime);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Timer.Key, b.Timer.Key);
        });
        return new TimerPlan(fires, problems);
    }
}
