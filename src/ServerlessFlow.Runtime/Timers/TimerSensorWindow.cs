namespace ServerlessFlow.Runtime.Timers;

/// <summary>Which fires a tick of <see cref="TimerSensor"/> covers, chosen by the host.</summary>
public sealed class TimerSensorWindow
{
    private TimerSensorWindow(TimeSpan? lookback) => Lookback = lookback;

    /// <summary>
    /// Each tick covers (previous successful tick, now], starting when the sensor was created: one long-lived process
    /// (<c>sflow serve</c>), where fires missed while it was down are not replayed, as in StackStorm's timers engine.
    /// </summary>
    public static TimerSensorWindow SinceLastTick { get; } = new(null);

    /// <summary>The fixed lookback, or null for <see cref="SinceLastTick"/>.</summary>
    public TimeSpan? Lookback { get; }

    /// <summary>
    /// Each tick covers (now − <paramref name="lookback"/>, now], whatever ran before: ticks that may run on any instance
    /// (the Functions app), where overlapping ticks are harmless because fire ids are deterministic.
    /// </summary>
    public static TimerSensorWindow Fixed(TimeSpan lookback)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lookback, TimeSpan.Zero);
        return new TimerSensorWindow(lookback);
    }
}
