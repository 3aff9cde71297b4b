using System.Collections.Concurrent;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>The in-memory <see cref="ITimerStartStore"/>: first seen times for the life of the process.</summary>
public sealed class InMemoryTimerStartStore : ITimerStartStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> starts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<DateTimeOffset> FirstSeenAsync(string timerKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timerKey);
        return Task.FromResult(starts.GetOrAdd(timerKey, now));
    }
}
