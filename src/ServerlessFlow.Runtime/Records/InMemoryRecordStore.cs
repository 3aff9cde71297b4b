namespace ServerlessFlow.Runtime.Records;

/// <summary>The part every in-memory store of id-keyed records shares (create if absent, create many, get by id, versioned
/// update) over one <see cref="InMemoryRecordTable{T}"/>; each store adds only its queries.</summary>
/// <typeparam name="T">The record type.</typeparam>
public abstract class InMemoryRecordStore<T>
    where T : class
{
    // private protected: the table type is internal, and stores outside this assembly are not meant to derive from this.
    private protected InMemoryRecordStore(InMemoryRecordTable<T> table)
    {
        Table = table;
    }

    /// <summary>The records, kept as JSON and ordered by the store's sort key.</summary>
    private protected InMemoryRecordTable<T> Table { get; }

    /// <summary>Inserts the record if no record has its id. Returns the stored record (the existing one when it was already
    /// there) and whether this call created it.</summary>
    public Task<(T Stored, bool Created)> CreateAsync(T record, CancellationToken cancellationToken = default) =>
        Task.FromResult(Table.Create(record));

    /// <summary>Inserts many records; existing ids are left as they are.</summary>
    public Task CreateManyAsync(IReadOnlyList<T> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            Table.Create(record);
        }

        return Task.CompletedTask;
    }

    /// <summary>The record with this id, or null.</summary>
    public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Table.Get(id));

    /// <summary>Replaces the record if its stored version still equals the record's version; returns it with the new version.
    /// Throws <see cref="ConcurrencyConflictException"/> when someone wrote first, <see cref="RecordNotFoundException"/> when absent.</summary>
    public Task<T> UpdateAsync(T record, CancellationToken cancellationToken = default) => Task.FromResult(Table.Update(record));
}
