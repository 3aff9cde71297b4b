using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>Port: where inquiries are kept.</summary>
public interface IInquiryStore
{
    /// <summary>Inserts unless the id exists; returns the stored record and whether this call created it.</summary>
    Task<(InquiryState Stored, bool Created)> CreateAsync(InquiryState inquiry, CancellationToken cancellationToken = default);

    /// <summary>The inquiry with this id, or null.</summary>
    Task<InquiryState?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record if the version still matches (two responders: the second gets a conflict).</summary>
    Task<InquiryState> UpdateAsync(InquiryState inquiry, CancellationToken cancellationToken = default);

    /// <summary>Inquiries newest first, optionally only those in <paramref name="status"/>.</summary>
    Task<RecordPage<InquiryState>> ListAsync(string? status, int limit, string? continuationToken, CancellationToken cancellationToken = default);
}
