using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>In-memory <see cref="ITriggerInstanceStore"/>.</summary>
public sealed class InMemoryTriggerInstanceStore() : InMemoryRecordStore<TriggerInstanceState>(new(
    "trigger instance", t => t.Id, t => t.Version, t => SortKeys.NewestFirst(t.OccurrenceTime, t.Id), t => t.ToPlain(), TriggerInstanceState.FromPlain)),
    ITriggerInstanceStore
{
    /// <inheritdoc/>
    public Task<RecordPage<TriggerInstanceState>> ListAsync(TriggerInstanceQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Table.Page(
            t => query.Trigger is null || string.Equals(t.Trigger, query.Trigger, StringComparison.Ordinal),
            query.Limit,
            query.ContinuationToken));
}
