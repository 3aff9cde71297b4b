namespace ServerlessFlow.Runtime.Timers;

/// <summary>What one timer-sensor tick must emit, and the timers it could not read.</summary>
/// <param name="Fires">Fires due in the tick's window, ordered by time then timer.</param>
/// <param name="Problems">One message per timer whose parameters are invalid (the others still fire).</param>
public sealed record TimerPlan(IReadOnlyList<TimerFire> Fires, IReadOnlyList<string> Problems);
