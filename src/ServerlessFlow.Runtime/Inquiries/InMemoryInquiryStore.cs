using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>In-memory <see cref="IInquiryStore"/>.</summary>
public sealed class InMemoryInquiryStore() : InMemoryRecordStore<InquiryState>(new(
    "inquiry", i => i.Id, i => i.Version, i => SortKeys.NewestFirst(i.CreatedAt, i.Id), i => i.ToPlain(), InquiryState.FromPlain)),
    IInquiryStore
{
    /// <inheritdoc/>
    public Task<RecordPage<InquiryState>> ListAsync(string? status, int limit, string? continuationToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(Table.Page(i => status is null || string.Equals(i.Status, status, StringComparison.Ordinal), limit, continuationToken));
}
