namespace ServerlessFlow.Runtime.Timers;

/// <summary>Which fires a tick of <see cref="TimerSensor"/> covers, chosen by the host.</summary>
public sealed class TimerSensorWindow
{
    private TimerSensorWindow(TimeSpan? lookback, ITimerStartStore? starts)
    {
        Lookback = lookback;
        Starts = starts;
    }

    /// <summary>
    /// Each tick covers (previous successful tick, now], starting when the sensor was created: one long-lived process
    /// (<c>sflow serve</c>), where fires missed while it was down are not replayed, as in StackStorm's timers engine.
    /// </summary>
    public static TimerSensorWindow SinceLastTick { get; } = new(null, null);

    /// <summary>The fixed lookback, or null for <see cref="SinceLastTick"/>.</summary>
    public TimeSpan? Lookback { get; }

    /// <summary>Where each timer's first-seen time is kept (with <see cref="Lookback"/>), or null for <see cref="SinceLastTick"/>.</summary>
    public ITimerStartStore? Starts { get; }

    /// <summary>
    /// Each tick covers (max(now − <paramref name="lookback"/>, the timer's first-seen time), now], whatever ran before: ticks
    /// that may run on any instance (the Functions app), where overlapping ticks are harmless because fire ids are
    /// deterministic. The lookback catches up fires missed while no instance ticked (the app stopped, a tick late or failed);
    /// the first-seen time (<paramref name="starts"/>, shared by every instance) keeps a new deployment, or a timer new to
    /// the packs, from firing for times before a sensor first saw it.
    /// </summary>
    public static TimerSensorWindow Fixed(TimeSpan lookback, ITimerStartStore starts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lookback, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(starts);
        return new TimerSensorWindow(lookback, starts);
    }
}
