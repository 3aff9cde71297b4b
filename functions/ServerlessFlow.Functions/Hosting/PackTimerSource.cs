using ServerlessFlow.Functions.Timers;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>Timer triggers of the deployed packs' enabled rules.</summary>
internal sealed class PackTimerSource(DeployedPacks packs) : ITimerSource
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken) =>
        Task.FromResult(RuleTimers.From(packs.Rules));
}
