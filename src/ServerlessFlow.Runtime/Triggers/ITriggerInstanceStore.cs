using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>Port: where trigger instances are kept. Creates are idempotent on the instance id; updates check the version.</summary>
public interface ITriggerInstanceStore
{
    /// <summary>Inserts the instance unless its id exists; returns the stored record and whether this call created it.</summary>
    Task<(TriggerInstanceState Stored, bool Created)> CreateAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default);

    /// <summary>Inserts many instances (batched where the store can); existing ids are left alone.</summary>
    Task CreateManyAsync(IReadOnlyList<TriggerInstanceState> instances, CancellationToken cancellationToken = default);

    /// <summary>The instance with this id, or null.</summary>
    Task<TriggerInstanceState?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record if the version still matches; see <see cref="ConcurrencyConflictException"/>.</summary>
    Task<TriggerInstanceState> UpdateAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default);

    /// <summary>Instances newest first (by occurrence time), filtered and paged.</summary>
    Task<RecordPage<TriggerInstanceState>> ListAsync(TriggerInstanceQuery query, CancellationToken cancellationToken = default);
}
