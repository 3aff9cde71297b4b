using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Functions.Timers;

/// <summary>Port: the timer triggers of the enabled rules in the deployed packs.</summary>
internal interface ITimerSource
{
    /// <summary>Returns every timer trigger (duplicates allowed; the planner merges them).</summary>
    Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken);
}
