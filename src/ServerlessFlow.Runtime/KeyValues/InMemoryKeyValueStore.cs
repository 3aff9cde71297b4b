using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>In-memory <see cref="IKeyValueStore"/>.</summary>
public sealed class InMemoryKeyValueStore : IKeyValueStore
{
    private readonly InMemoryRecordTable<KeyValuePairState> table = new(
        "key-value pair", p => p.StoreKey, p => p.Version, p => p.StoreKey, p => p.ToPlain(), KeyValuePairState.FromPlain);

    /// <inheritdoc/>
    public Task<KeyValuePairState?> GetAsync(KeyValueScope scope, string? user, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Get(KeyValuePairState.StoreKeyOf(scope, user, name)));

    /// <inheritdoc/>
    public Task<(KeyValuePairState Stored, bool Created)> CreateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Create(pair));

    /// <inheritdoc/>
    public Task<KeyValuePairState> UpdateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Update(pair));

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(KeyValuePairState pair, CancellationToken cancellationToken = default)
    {
        var current = table.Get(pair.StoreKey);
        if (current is null)
        {
            return Task.FromResult(false);
        }

        if (pair.Version is not null && !string.Equals(current.Version, pair.Version, StringComparison.Ordinal))
        {
            throw new ConcurrencyConflictException($"The key '{pair.Name}' changed since it was read.");
        }

        return Task.FromResult(table.Delete(pair.StoreKey));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<KeyValuePairState>> ListAsync(KeyValueScope scope, string? user, string prefix, CancellationToken cancellationToken = default)
    {
        var keyPrefix = KeyValuePairState.StoreKeyOf(scope, user, prefix);
        return Task.FromResult<IReadOnlyList<KeyValuePairState>>(table.All()
            .Where(p => p.StoreKey.StartsWith(keyPrefix, StringComparison.Ordinal))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList());
    }
}
