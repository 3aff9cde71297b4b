using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Payloads;

namespace ServerlessFlow.Azure.KeyValues;

/// <summary><see cref="IKeyValueStore"/> on Table Storage: partition "system" or "user-{user}", row key = escaped name, so a prefix
/// listing is one row-key range query in one partition. Secret values arrive encrypted; this store never sees clear text.</summary>
public sealed class TableKeyValueStore : IKeyValueStore
{
    private readonly TableRecordTable<KeyValuePairState> records;

    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableKeyValueStore(TableClient table, IPayloadStore payloads)
    {
        records = new TableRecordTable<KeyValuePairState>(
            table, payloads, "key-value pair", p => p.StoreKey, p => p.Version, p => p.ToPlain(), KeyValuePairState.FromPlain, _ => [],
            p => [new("Secret", p.Secret)],
            KeyOf);
    }

    /// <inheritdoc/>
    public Task<KeyValuePairState?> GetAsync(KeyValueScope scope, string? user, string name, CancellationToken cancellationToken = default) =>
        records.GetAsync(KeyValuePairState.StoreKeyOf(scope, user, name), cancellationToken);

    /// <inheritdoc/>
    public Task<(KeyValuePairState Stored, bool Created)> CreateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default) =>
        records.CreateAsync(pair, cancellationToken);

    /// <inheritdoc/>
    public Task<KeyValuePairState> UpdateAsync(KeyValuePairState pair, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(pair, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(KeyValuePairState pair, CancellationToken cancellationToken = default) =>
        records.DeleteAsync(pair, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<KeyValuePairState>> ListAsync(KeyValueScope scope, string? user, string prefix, CancellationToken cancellationToken = default)
    {
        var partition = Partition(scope, user);
        var filter = "PartitionKey eq " + TableKeys.Quote(partition);
        if (prefix.Length > 0)
        {
            var low = TableKeys.Escape(prefix);
            var high = low[..^1] + (char)(low[^1] + 1);
            filter += " and RowKey ge " + TableKeys.Quote(low) + " and RowKey lt " + TableKeys.Quote(high);
        }

        var pairs = await records.QueryRecordsAsync(filter, cancellationToken).ConfigureAwait(false);
        return pairs.Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private static string Partition(KeyValueScope scope, string? user) =>
        scope == KeyValueScope.System ? "system" : "user-" + TableKeys.Escape(user ?? string.Empty);

    // Store keys are "system/{name}" or "user/{user}/{name}" (see KeyValuePairState.StoreKeyOf).
    private static (string, string) KeyOf(string storeKey)
    {
        if (storeKey.StartsWith("system/", StringComparison.Ordinal))
        {
            return ("system", TableKeys.Escape(storeKey["system/".Length..]));
        }

        var rest = storeKey["user/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return (Partition(KeyValueScope.User, rest[..slash]), TableKeys.Escape(rest[(slash + 1)..]));
    }
}
