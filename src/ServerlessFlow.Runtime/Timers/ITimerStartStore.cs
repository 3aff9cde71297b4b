namespace ServerlessFlow.Runtime.Timers;

/// <summary>Port: when each timer was first seen by a timer sensor on this storage, which is where its catch-up window begins,
/// so a new deployment (or a timer added to the packs later) never fires for times before it existed. Every sensor instance
/// on the same storage must read the same time for a timer.</summary>
public interface ITimerStartStore
{
    /// <summary>The time stored for <paramref name="timerKey"/>: <paramref name="now"/> when none is stored yet
    /// (insert-if-absent, so among racing sensors the first write wins and all of them return it).</summary>
    Task<DateTimeOffset> FirstSeenAsync(string timerKey, DateTimeOffset now, CancellationToken cancellationToken = default);
}
