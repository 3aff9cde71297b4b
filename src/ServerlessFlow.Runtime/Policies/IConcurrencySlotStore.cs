namespace ServerlessFlow.Runtime.Policies;

/// <summary>
/// The places of the concurrency policies, shared by every engine instance: an execution may be scheduled only while it
/// holds one of its policy's <c>threshold</c> slots. Taking a slot is atomic (an insert that fails when the slot exists, or
/// a replace conditional on the version read), so two instances never both take the same place — the count-under-a-lock
/// that st2's scheduler does with its coordination service, without a lock.
/// </summary>
public interface IConcurrencySlotStore
{
    /// <summary>The taken slots of <paramref name="key"/>.</summary>
    Task<IReadOnlyList<ConcurrencySlot>> ListAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Takes slot <paramref name="index"/> of <paramref name="key"/> for <paramref name="executionId"/>: when
    /// <paramref name="expectedVersion"/> is null the slot must be free, otherwise it must still be at that version (its holder
    /// has ended). False when another took it first.</summary>
    Task<bool> TryTakeAsync(string key, int index, string executionId, string? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Frees the slots of <paramref name="key"/> that <paramref name="executionId"/> holds (none: nothing happens).</summary>
    Task ReleaseAsync(string key, string executionId, CancellationToken cancellationToken = default);
}
