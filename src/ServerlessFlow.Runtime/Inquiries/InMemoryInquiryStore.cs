using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>In-memory <see cref="IInquiryStore"/>.</summary>
public sealed class InMemoryInquiryStore : IInquiryStore
{
    private readonly InMemoryRecordTable<InquiryState> table = new(
        "inquiry", i => i.Id, i => i.Version, i => SortKeys.NewestFirst(i.CreatedAt, i.Id), i => i.ToPlain(), InquiryState.FromPlain);

    /// <inheritdoc/>
    public Task<(InquiryState Stored, bool Created)> CreateAsync(InquiryState inquiry, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Create(inquiry));

    /// <inheritdoc/>
    public Task<InquiryState?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(table.Get(id));

    /// <inheritdoc/>
    public Task<InquiryState> UpdateAsync(InquiryState inquiry, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Update(inquiry));

    /// <inheritdoc/>
    public Task<RecordPage<InquiryState>> ListAsync(string? status, int limit, string? continuationToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Page(i => status is null || string.Equals(i.Status, status, StringComparison.Ordinal), limit, continuationToken));
}
