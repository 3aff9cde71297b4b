using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>In-memory <see cref="ITriggerInstanceStore"/>.</summary>
public sealed class InMemoryTriggerInstanceStore : ITriggerInstanceStore
{
    private readonly InMemoryRecordTable<TriggerInstanceState> table = new(
        "trigger instance", t => t.Id, t => t.Version, t => SortKeys.NewestFirst(t.OccurrenceTime, t.Id), t => t.ToPlain(), TriggerInstanceState.FromPlain);

    /// <inheritdoc/>
    public Task<(TriggerInstanceState Stored, bool Created)> CreateAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Create(instance));

    /// <inheritdoc/>
    public Task CreateManyAsync(IReadOnlyList<TriggerInstanceState> instances, CancellationToken cancellationToken = default)
    {
        foreach (var instance in instances)
        {
            table.Create(instance);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<TriggerInstanceState?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(table.Get(id));

    /// <inheritdoc/>
    public Task<TriggerInstanceState> UpdateAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Update(instance));

    /// <inheritdoc/>
    public Task<RecordPage<TriggerInstanceState>> ListAsync(TriggerInstanceQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Page(
            t => query.Trigger is null || string.Equals(t.Trigger, query.Trigger, StringComparison.Ordinal),
            query.Limit,
            query.ContinuationToken));
}
