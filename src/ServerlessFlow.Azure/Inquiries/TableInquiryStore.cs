using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Inquiries;

/// <summary><see cref="IInquiryStore"/> on Table Storage: record rows by id, one newest-first index; status is filtered on the records.</summary>
public sealed class TableInquiryStore : IInquiryStore
{
    private readonly TableRecordStore<InquiryState> records;

    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableInquiryStore(TableClient table, IPayloadStore payloads)
    {
        records = new TableRecordStore<InquiryState>(
            table, payloads, "inquiry", i => i.Id, i => i.Version, i => i.ToPlain(), InquiryState.FromPlain,
            i => [(TableKeys.IndexPartition("all", string.Empty), SortKeys.NewestFirst(i.CreatedAt, i.Id))],
            i => [new("Status", i.Status)]);
    }

    /// <inheritdoc/>
    public Task<(InquiryState Stored, bool Created)> CreateAsync(InquiryState inquiry, CancellationToken cancellationToken = default) =>
        records.CreateAsync(inquiry, cancellationToken);

    /// <inheritdoc/>
    public Task<InquiryState?> GetAsync(string id, CancellationToken cancellationToken = default) => records.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<InquiryState> UpdateAsync(InquiryState inquiry, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(inquiry, cancellationToken);

    /// <inheritdoc/>
    public Task<RecordPage<InquiryState>> ListAsync(string? status, int limit, string? continuationToken, CancellationToken cancellationToken = default) =>
        records.PageAsync(
            TableKeys.IndexPartition("all", string.Empty),
            i => status is null || string.Equals(i.Status, status, StringComparison.Ordinal),
            limit,
            continuationToken,
            cancellationToken);
}
