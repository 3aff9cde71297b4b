namespace ServerlessFlow.Runtime.Timers;

/// <summary>Port: writes a timer fire as a trigger instance with its deterministic id, insert-if-absent,
/// and publishes it; a second call with the same fire must not create a second instance.</summary>
public interface ITimerFireSink
{
    /// <summary>Dispatches the fire.</summary>
    Task DispatchAsync(TimerFire fire, CancellationToken cancellationToken);
}
