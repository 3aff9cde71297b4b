namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>Port: raw storage of datastore entries. Encryption, TTL and triggers live in <see cref="KeyValueService"/>.</summary>
public interface IKeyValueStore
{
    /// <summary>The entry, or null.</summary>
    Task<KeyValuePairState?> GetAsync(KeyValueScope scope, string? user, string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts unless the entry exists; returns the stored entry and whether this call created it.</summary>
    Task<(KeyValuePairState Stored, bool Created)> CreateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default);

    /// <summary>Replaces the entry if its version still matches.</summary>
    Task<KeyValuePairState> UpdateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entry if its version still matches; false when it was absent.</summary>
    Task<bool> DeleteAsync(KeyValuePairState pair, CancellationToken cancellationToken = default);

    /// <summary>Entries of one scope (and user) whose name starts with <paramref name="prefix"/>, by name.</summary>
    Task<IReadOnlyList<KeyValuePairState>> ListAsync(KeyValueScope scope, string? user, string prefix, CancellationToken cancellationToken = default);
}
