using System.Globalization;

namespace ServerlessFlow.Runtime.Policies;

/// <summary>Concurrency slots in this process's memory (<c>sflow run --local</c>, <c>sflow serve --storage memory</c>, tests).</summary>
public sealed class InMemoryConcurrencySlotStore : IConcurrencySlotStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Key, int Index), ConcurrencySlot> slots = [];
    private long versions;

    /// <inheritdoc/>
    public Task<IReadOnlyList<ConcurrencySlot>> ListAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<ConcurrencySlot> taken = slots.Values.Where(s => s.Key == key).OrderBy(s => s.Index).ToList();
            return Task.FromResult(taken);
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryTakeAsync(string key, int index, string executionId, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            bool exists = slots.TryGetValue((key, index), out ConcurrencySlot? current);
            if (expectedVersion is null ? exists : !exists || current!.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            slots[(key, index)] = new ConcurrencySlot(key, index, executionId, (++versions).ToString(CultureInfo.InvariantCulture));
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string key, string executionId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (ConcurrencySlot slot in slots.Values.Where(s => s.Key == key && s.HolderExecutionId == executionId).ToList())
            {
                slots.Remove((slot.Key, slot.Index));
            }
        }

        return Task.CompletedTask;
    }
}
