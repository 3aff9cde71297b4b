namespace ServerlessFlow.Runtime.Timers;

/// <summary>Port: the timer triggers of the enabled rules in the deployed packs.</summary>
public interface ITimerSource
{
    /// <summary>Returns every timer trigger (duplicates allowed; the planner merges them).</summary>
    Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken);
}
