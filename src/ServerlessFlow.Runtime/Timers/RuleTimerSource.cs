using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>The timers of the rules loaded at start-up (<see cref="RuleTimers"/>): what both hosts' timer sensors tick over.</summary>
public sealed class RuleTimerSource : ITimerSource
{
    private readonly Func<IReadOnlyList<CompiledRule>> rules;
    private (IReadOnlyList<CompiledRule> Rules, IReadOnlyList<TimerTrigger> Timers)? cached;

    /// <summary>Takes the timers of <paramref name="rules"/>' enabled timer rules.</summary>
    public RuleTimerSource(IEnumerable<CompiledRule> rules)
    {
        IReadOnlyList<CompiledRule> fixedRules = [.. rules];
        this.rules = () => fixedRules;
    }

    /// <summary>Takes the timers of the enabled timer rules <paramref name="rules"/> gives at each tick (the packs' rules
    /// change when packs are installed or reloaded: a timer added starts ticking, a timer removed stops).</summary>
    public RuleTimerSource(Func<IReadOnlyList<CompiledRule>> rules) => this.rules = rules ?? throw new ArgumentNullException(nameof(rules));

    /// <inheritdoc/>
    public Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken)
    {
        var now = rules();
        var known = cached;
        if (known is null || !ReferenceEquals(known.Value.Rules, now))
        {
            known = (now, RuleTimers.From(now));
            cached = known;
        }

        return Task.FromResult(known.Value.Timers);
    }
}
