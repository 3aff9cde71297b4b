using System.Globalization;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Records;

/// <summary>The shared heart of the in-memory adapters: records kept as JSON text (so they round-trip exactly as a real
/// store would), insert-if-absent, versioned updates and newest-first paging by a sort key.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class InMemoryRecordTable<T>
    where T : class
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Json, long Version, string SortKey)> rows = new(StringComparer.Ordinal);
    private readonly Func<T, string> idOf;
    private readonly Func<T, string?> versionOf;
    private readonly Func<T, string> sortKeyOf;
    private readonly Func<T, Dictionary<string, object?>> toPlain;
    private readonly Func<Dictionary<string, object?>, string?, T> fromPlain;
    private readonly string kind;
    private long nextVersion;

    public InMemoryRecordTable(
        string kind,
        Func<T, string> idOf,
        Func<T, string?> versionOf,
        Func<T, string> sortKeyOf,
        Func<T, Dictionary<string, object?>> toPlain,
        Func<Dictionary<string, object?>, string?, T> fromPlain)
    {
        this.kind = kind;
        this.idOf = idOf;
        this.versionOf = versionOf;
        this.sortKeyOf = sortKeyOf;
        this.toPlain = toPlain;
        this.fromPlain = fromPlain;
    }

    public (T Stored, bool Created) Create(T record)
    {
        var id = idOf(record);
        lock (gate)
        {
            if (rows.TryGetValue(id, out var existing))
            {
                return (Read(existing.Json, existing.Version), false);
            }

            var json = JsonText.Serialize(toPlain(record));
            var version = ++nextVersion;
            rows[id] = (json, version, sortKeyOf(record));
            return (Read(json, version), true);
        }
    }

    public T? Get(string id)
    {
        lock (gate)
        {
            return rows.TryGetValue(id, out var row) ? Read(row.Json, row.Version) : null;
        }
    }

    public T Update(T record)
    {
        var id = idOf(record);
        lock (gate)
        {
            if (!rows.TryGetValue(id, out var existing))
            {
                throw new RecordNotFoundException($"No {kind} with id '{id}' to update.");
            }

            var expected = versionOf(record);
            if (expected is null || !string.Equals(expected, existing.Version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException(
                    $"The {kind} '{id}' changed since it was read (expected version {expected ?? "none"}, stored {existing.Version}).");
            }

            var json = JsonText.Serialize(toPlain(record));
            var version = ++nextVersion;
            rows[id] = (json, version, sortKeyOf(record));
            return Read(json, version);
        }
    }

    public bool Delete(string id)
    {
        lock (gate)
        {
            return rows.Remove(id);
        }
    }

    public IReadOnlyList<T> All()
    {
        lock (gate)
        {
            return rows.Values.OrderBy(r => r.SortKey, StringComparer.Ordinal).Select(r => Read(r.Json, r.Version)).ToList();
        }
    }

    public RecordPage<T> Page(Func<T, bool> filter, int limit, string? continuationToken)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Page size must be between 1 and 1000.");
        }

        List<(string SortKey, T Record)> ordered;
        lock (gate)
        {
            ordered = rows.Values
                .Where(r => continuationToken is null || string.CompareOrdinal(r.SortKey, continuationToken) > 0)
                .OrderBy(r => r.SortKey, StringComparer.Ordinal)
                .Select(r => (r.SortKey, Read(r.Json, r.Version)))
                .ToList();
        }

        var items = new List<T>();
        string? lastKey = null;
        foreach (var (sortKey, record) in ordered)
        {
            if (!filter(record))
            {
                continue;
            }

            if (items.Count == limit)
            {
                return new RecordPage<T>(items, lastKey);
            }

            items.Add(record);
            lastKey = sortKey;
        }

        return new RecordPage<T>(items, null);
    }

    private T Read(string json, long version) =>
        fromPlain((Dictionary<string, object?>)JsonText.Parse(json)!, version.ToString(CultureInfo.InvariantCulture));
}
