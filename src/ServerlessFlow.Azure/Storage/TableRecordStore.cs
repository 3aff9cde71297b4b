using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Storage;

/// <summary>The part every Table Storage store of id-keyed records shares (create if absent, create many, get by id, versioned
/// update) over one <see cref="TableRecordTable{T}"/>; each store adds only its queries. The Table Storage counterpart of
/// <see cref="InMemoryRecordStore{T}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
public abstract class TableRecordStore<T>
    where T : class
{
    // private protected: the table type is internal, and stores outside this assembly are not meant to derive from this.
    private protected TableRecordStore(TableRecordTable<T> table)
    {
        Table = table;
    }

    /// <summary>The record rows, their index rows and the blob offload.</summary>
    private protected TableRecordTable<T> Table { get; }

    /// <summary>Inserts the record if no record has its id. Returns the stored record (the existing one when it was already
    /// there) and whether this call created it.</summary>
    public Task<(T Stored, bool Created)> CreateAsync(T record, CancellationToken cancellationToken = default) =>
        Table.CreateAsync(record, cancellationToken);

    /// <summary>Inserts many records; existing ids are left as they are.</summary>
    public Task CreateManyAsync(IReadOnlyList<T> records, CancellationToken cancellationToken = default) =>
        Table.CreateManyAsync(records, cancellationToken);

    /// <summary>The record with this id, or null.</summary>
    public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default) => Table.GetAsync(id, cancellationToken);

    /// <summary>Replaces the record if its stored version still equals the record's version; returns it with the new version.
    /// Throws <see cref="ConcurrencyConflictException"/> when someone wrote first, <see cref="RecordNotFoundException"/> when absent.</summary>
    public Task<T> UpdateAsync(T record, CancellationToken cancellationToken = default) => Table.UpdateAsync(record, cancellationToken);
}
