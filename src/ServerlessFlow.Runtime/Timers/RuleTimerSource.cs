using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>The timers of the rules loaded at start-up (<see cref="RuleTimers"/>): what both hosts' timer sensors tick over.</summary>
public sealed class RuleTimerSource : ITimerSource
{
    private readonly IReadOnlyList<TimerTrigger> timers;

    /// <summary>Takes the timers of <paramref name="rules"/>' enabled timer rules.</summary>
    public RuleTimerSource(IEnumerable<CompiledRule> rules) => timers = RuleTimers.From(rules);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken) => Task.FromResult(timers);
}
