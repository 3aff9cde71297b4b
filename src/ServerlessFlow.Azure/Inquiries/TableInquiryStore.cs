using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Inquiries;

/// <summary><see cref="IInquiryStore"/> on Table Storage: record rows by id, one newest-first index; status is filtered on the records.</summary>
public sealed class TableInquiryStore : TableRecordStore<InquiryState>, IInquiryStore
{
    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableInquiryStore(TableClient table, IPayloadStore payloads)
        : base(new TableRecordTable<InquiryState>(
            table, payloads, "inquiry", i => i.Id, i => i.Version, i => i.ToPlain(), InquiryState.FromPlain,
            i => [(TableKeys.IndexPartition("all", string.Empty), SortKeys.NewestFirst(i.CreatedAt, i.Id))],
            i => [new("Status", i.Status)]))
    {
    }

    /// <inheritdoc/>
    public Task<RecordPage<InquiryState>> ListAsync(string? status, int limit, string? continuationToken, CancellationToken cancellationToken = default) =>
        Table.PageAsync(
            TableKeys.IndexPartition("all", string.Empty),
            i => status is null || string.Equals(i.Status, status, StringComparison.Ordinal),
            limit,
            continuationToken,
            cancellationToken);
}
