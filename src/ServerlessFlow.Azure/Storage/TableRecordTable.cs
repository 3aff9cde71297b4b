using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Storage;

/// <summary>The shared engine of the Table Storage adapters. One table per record type holds two kinds of rows:
/// record rows (partition "r-{hash nibble}", row key = id) with the record as JSON — or, over ~32 KB, a reference to a blob —
/// and index rows (partition "i-{dimension}-{value}", row key = newest-first sort key) that list record ids for one query.
/// Creates are insert-if-absent; updates replace the record row under its ETag; index rows never change after creation
/// (they only hold immutable fields), so an update is one row write.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class TableRecordTable<T>
    where T : class
{
    /// <summary>JSON longer than this (UTF-16 characters) goes to a blob: a table string property holds at most 32K characters.</summary>
    public const int InlineLimit = 30_000;

    private const string JsonColumn = "Json";
    private const string BlobColumn = "BlobName";
    private const string IdColumn = "Id";
    private readonly TableClient table;
    private readonly IPayloadStore payloads;
    private readonly string kind;
    private readonly Func<T, string> idOf;
    private readonly Func<T, string?> versionOf;
    private readonly Func<T, Dictionary<string, object?>> toPlain;
    private readonly Func<Dictionary<string, object?>, string?, T> fromPlain;
    private readonly Func<T, IEnumerable<(string Partition, string RowKey)>> indexesOf;
    private readonly Func<T, IEnumerable<KeyValuePair<string, object>>> columnsOf;
    private readonly Func<string, (string Partition, string RowKey)> keyOf;

    public TableRecordTable(
        TableClient table,
        IPayloadStore payloads,
        string kind,
        Func<T, string> idOf,
        Func<T, string?> versionOf,
        Func<T, Dictionary<string, object?>> toPlain,
        Func<Dictionary<string, object?>, string?, T> fromPlain,
        Func<T, IEnumerable<(string Partition, string RowKey)>> indexesOf,
        Func<T, IEnumerable<KeyValuePair<string, object>>>? columnsOf = null,
        Func<string, (string Partition, string RowKey)>? keyOf = null)
    {
        this.keyOf = keyOf ?? (id => (TableKeys.RecordPartition(id), id));
        this.table = table;
        this.payloads = payloads;
        this.kind = kind;
        this.idOf = idOf;
        this.versionOf = versionOf;
        this.toPlain = toPlain;
        this.fromPlain = fromPlain;
        this.indexesOf = indexesOf;
        this.columnsOf = columnsOf ?? (_ => []);
    }

    public async Task<(T Stored, bool Created)> CreateAsync(T record, CancellationToken cancellationToken)
    {
        var entity = await ToEntityAsync(record, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            await WriteIndexesAsync([record], cancellationToken).ConfigureAwait(false);
            return (fromPlain(toPlain(record), response.Headers.ETag?.ToString()), true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await GetAsync(idOf(record), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The {kind} '{idOf(record)}' was reported as existing but cannot be read.", ex);

            // A crash between the record and its index rows is repaired by the retry that lands here.
            await WriteIndexesAsync([existing], cancellationToken).ConfigureAwait(false);
            return (existing, false);
        }
    }

    public async Task CreateManyAsync(IReadOnlyList<T> records, CancellationToken cancellationToken)
    {
        var entities = new List<TableEntity>(records.Count);
        foreach (var record in records)
        {
            entities.Add(await ToEntityAsync(record, cancellationToken).ConfigureAwait(false));
        }

        var byKey = records.ToDictionary(r => keyOf(idOf(r)), r => r);
        var created = new ConcurrentBag<T>();
        await Parallel.ForEachAsync(
            Chunks(entities),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct).ConfigureAwait(false);
                    foreach (var entity in chunk)
                    {
                        created.Add(byKey[(entity.PartitionKey, entity.RowKey)]);
                    }
                }
                catch (TableTransactionFailedException)
                {
                    // Some ids already exist: fall back to one insert-if-absent each, which leaves existing records alone.
                    foreach (var entity in chunk)
                    {
                        await CreateAsync(byKey[(entity.PartitionKey, entity.RowKey)], ct).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);
        await WriteIndexesAsync(created.ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var (partition, rowKey) = keyOf(id);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? await FromEntityAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<T> UpdateAsync(T record, CancellationToken cancellationToken)
    {
        var id = idOf(record);
        var version = versionOf(record) ?? throw new ConcurrencyConflictException($"The {kind} '{id}' has no version: read it before updating it.");
        var entity = await ToEntityAsync(record, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return fromPlain(toPlain(record), response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyConflictException($"The {kind} '{id}' changed since it was read (version {version} is stale).", ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new RecordNotFoundException($"No {kind} with id '{id}' to update.", ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 400)
        {
            // A version that is not an ETag this table ever issued (e.g. one from another store) is refused as a bad request.
            var (partition, rowKey) = keyOf(id);
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                throw new RecordNotFoundException($"No {kind} with id '{id}' to update.", ex);
            }

            throw new ConcurrencyConflictException($"The {kind} '{id}' is stored under another version than '{version}'.", ex);
        }
    }

    public async Task<bool> DeleteAsync(T record, CancellationToken cancellationToken)
    {
        var id = idOf(record);
        try
        {
            var (recordPartition, recordRowKey) = keyOf(id);
            var response = await table.DeleteEntityAsync(recordPartition, recordRowKey, versionOf(record) is { } v ? new ETag(v) : ETag.All, cancellationToken).ConfigureAwait(false);
            if (response.Status == 404)
            {
                return false;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyConflictException($"The {kind} '{id}' changed since it was read.", ex);
        }

        foreach (var (partition, rowKey) in indexesOf(record))
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>One page from an index partition, records loaded in parallel and post-filtered. At most <paramref name="scanLimit"/>
    /// index rows are read per call, so a rare filter value returns a short page (with a token) instead of scanning everything.</summary>
    public async Task<RecordPage<T>> PageAsync(string indexPartition, Func<T, bool> filter, int limit, string? continuationToken, CancellationToken cancellationToken, int scanLimit = 5000)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Page size must be between 1 and 1000.");
        }

        var query = "PartitionKey eq " + TableKeys.Quote(indexPartition)
            + (continuationToken is null ? string.Empty : " and RowKey gt " + TableKeys.Quote(continuationToken));
        var items = new List<T>();
        var scanned = 0;
        string? lastKey = null;
        var batch = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(1000, limit * 2), select: [IdColumn, "PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            batch.Add(row);
            if (batch.Count == limit)
            {
                var (done, key) = await TakeAsync(batch, filter, items, limit, cancellationToken).ConfigureAwait(false);
                scanned += batch.Count;
                batch.Clear();
                lastKey = key ?? lastKey;
                if (done)
                {
                    return new RecordPage<T>(items, lastKey);
                }

                if (scanned >= scanLimit)
                {
                    return new RecordPage<T>(items, lastKey);
                }
            }
        }

        if (batch.Count > 0)
        {
            var (done, key) = await TakeAsync(batch, filter, items, limit, cancellationToken).ConfigureAwait(false);
            if (done)
            {
                return new RecordPage<T>(items, key);
            }
        }

        return new RecordPage<T>(items, null);
    }

    /// <summary>Every record in one index partition (for small partitions such as an execution's children).</summary>
    public async Task<IReadOnlyList<T>> AllInAsync(string indexPartition, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>("PartitionKey eq " + TableKeys.Quote(indexPartition), select: [IdColumn, "PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(row.GetString(IdColumn));
        }

        var records = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false);
        return records.OfType<T>().ToList();
    }

    /// <summary>Records in a partition of their own (key-value pairs), by row key range.</summary>
    public async Task<IReadOnlyList<T>> QueryRecordsAsync(string filter, CancellationToken cancellationToken)
    {
        var result = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(await FromEntityAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    // Loads the records behind one batch of index rows; returns whether the page is full and the last row key consumed.
    private async Task<(bool Done, string? LastKey)> TakeAsync(List<TableEntity> rows, Func<T, bool> filter, List<T> items, int limit, CancellationToken cancellationToken)
    {
        var records = await Task.WhenAll(rows.Select(r => GetAsync(r.GetString(IdColumn), cancellationToken))).ConfigureAwait(false);
        string? lastKey = null;
        for (var i = 0; i < rows.Count; i++)
        {
            lastKey = rows[i].RowKey;
            if (records[i] is { } record && filter(record))
            {
                items.Add(record);
                if (items.Count == limit)
                {
                    return (true, lastKey);
                }
            }
        }

        return (false, lastKey);
    }

    private async Task WriteIndexesAsync(IReadOnlyList<T> records, CancellationToken cancellationToken)
    {
        var rows = records
            .SelectMany(r => indexesOf(r).Select(k => new TableEntity(k.Partition, k.RowKey) { [IdColumn] = idOf(r) }))
            .ToList();
        await Parallel.ForEachAsync(
            Chunks(rows),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                if (chunk.Count == 1)
                {
                    await table.UpsertEntityAsync(chunk[0], TableUpdateMode.Replace, ct).ConfigureAwait(false);
                }
                else
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private static IEnumerable<List<TableEntity>> Chunks(IEnumerable<TableEntity> entities) =>
        entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.DistinctBy(e => e.RowKey, StringComparer.Ordinal).Chunk(100).Select(c => c.ToList()));

    private async Task<TableEntity> ToEntityAsync(T record, CancellationToken cancellationToken)
    {
        var id = idOf(record);
        var (entityPartition, entityRowKey) = keyOf(id);
        var entity = new TableEntity(entityPartition, entityRowKey);
        var json = JsonText.Serialize(toPlain(record));
        if (json.Length > InlineLimit)
        {
            // Content-addressed name: a failed (conflicting) update leaves an orphan blob, never a row pointing at the wrong content.
            var bytes = Encoding.UTF8.GetBytes(json);
            var name = $"{table.Name}/{TableKeys.Escape(id)}/{Convert.ToHexStringLower(SHA256.HashData(bytes))}.json";
            await payloads.PutAsync(name, bytes, cancellationToken).ConfigureAwait(false);
            entity[BlobColumn] = name;
        }
        else
        {
            entity[JsonColumn] = json;
        }

        foreach (var (key, value) in columnsOf(record))
        {
            entity[key] = value;
        }

        return entity;
    }

    private async Task<T> FromEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        string json;
        if (entity.GetString(BlobColumn) is { } blobName)
        {
            var bytes = await payloads.GetAsync(blobName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The {kind} '{entity.RowKey}' refers to blob '{blobName}', which is missing.");
            json = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            json = entity.GetString(JsonColumn) ?? throw new InvalidOperationException($"The {kind} row '{entity.PartitionKey}/{entity.RowKey}' has no record data.");
        }

        return fromPlain((Dictionary<string, object?>)JsonText.Parse(json)!, entity.ETag.ToString());
    }
}
