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

    // Ids in paging order, so a page reads only the records it returns (a 100,000-record list pages as fast as a short one).
    private readonly SortedSet<(string SortKey, string Id)> order = new(OrderComparer.Instance);

    // Ids by group (an execution's parent), when the store asked for one: its children are read without reading every record.
    private readonly Dictionary<string, HashSet<string>> groups = new(StringComparer.Ordinal);
    private readonly Func<T, string?>? groupOf;
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
        Func<Dictionary<string, object?>, string?, T> fromPlain,
        Func<T, string?>? groupOf = null)
    {
        this.groupOf = groupOf;
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
            var sortKey = sortKeyOf(record);
            rows[id] = (json, version, sortKey);
            order.Add((sortKey, id));
            Join(record, id);
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
            var sortKey = sortKeyOf(record);
            order.Remove((existing.SortKey, id));
            order.Add((sortKey, id));
            Leave(Read(existing.Json, existing.Version), id);
            Join(record, id);
            rows[id] = (json, version, sortKey);
            return Read(json, version);
        }
    }

    public bool Delete(string id)
    {
        lock (gate)
        {
            if (!rows.Remove(id, out var removed))
            {
                return false;
            }

            order.Remove((removed.SortKey, id));
            Leave(Read(removed.Json, removed.Version), id);
            return true;
        }
    }

    public IReadOnlyList<T> All()
    {
        lock (gate)
        {
            return rows.Values.OrderBy(r => r.SortKey, StringComparer.Ordinal).Select(r => Read(r.Json, r.Version)).ToList();
        }
    }

    /// <summary>The records of one group (see the constructor's <c>groupOf</c>), in no particular order.</summary>
    public IReadOnlyList<T> InGroup(string group)
    {
        if (groupOf is null)
        {
            throw new InvalidOperationException($"The {kind} table keeps no groups.");
        }

        lock (gate)
        {
            return groups.TryGetValue(group, out var ids) ? [.. ids.Select(id => rows[id]).Select(r => Read(r.Json, r.Version))] : [];
        }
    }

    public RecordPage<T> Page(Func<T, bool> filter, int limit, string? continuationToken)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Page size must be between 1 and 1000.");
        }

        var items = new List<T>();
        string? lastKey = null;
        lock (gate)
        {
            IEnumerable<(string SortKey, string Id)> after = order;
            if (continuationToken is not null)
            {
                after = order.Count == 0 || string.CompareOrdinal(order.Max.SortKey, continuationToken) <= 0
                    ? []
                    : order.GetViewBetween((continuationToken, string.Empty), order.Max);
            }

            foreach (var (sortKey, id) in after)
            {
                if (continuationToken is not null && string.CompareOrdinal(sortKey, continuationToken) <= 0)
                {
                    continue;
                }

                var row = rows[id];
                var record = Read(row.Json, row.Version);
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
        }

        return new RecordPage<T>(items, null);
    }

    private T Read(string json, long version) =>
        fromPlain((Dictionary<string, object?>)JsonText.Parse(json)!, version.ToString(CultureInfo.InvariantCulture));

    private void Join(T record, string id)
    {
        if (groupOf?.Invoke(record) is { } group)
        {
            if (!groups.TryGetValue(group, out var ids))
            {
                groups[group] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(id);
        }
    }

    private void Leave(T record, string id)
    {
        if (groupOf?.Invoke(record) is { } group && groups.TryGetValue(group, out var ids))
        {
            ids.Remove(id);
            if (ids.Count == 0)
            {
                groups.Remove(group);
            }
        }
    }

    /// <summary>Orders by sort key, then id (two records may share a sort key).</summary>
    private sealed class OrderComparer : IComparer<(string SortKey, string Id)>
    {
        public static readonly OrderComparer Instance = new();

        public int Compare((string SortKey, string Id) x, (string SortKey, string Id) y)
        {
            var bySortKey = string.CompareOrdinal(x.SortKey, y.SortKey);
            return bySortKey != 0 ? bySortKey : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
