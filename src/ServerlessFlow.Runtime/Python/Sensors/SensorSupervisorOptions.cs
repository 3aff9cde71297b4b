namespace ServerlessFlow.Runtime.Python.Sensors;

/// <summary>Restart policy of supervised sensors: exponential back-off from <see cref="InitialBackoff"/> doubling up to
/// <see cref="MaxBackoff"/>, never giving up (StackStorm gives up after two respawns); a sensor that ran for
/// <see cref="StableAfter"/> starts again from the initial delay.</summary>
public sealed record SensorSupervisorOptions
{
    /// <summary>Delay before the first restart.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a sensor must run before its back-off is reset.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping sensor gets for cleanup() before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
}
