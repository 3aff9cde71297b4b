namespace ServerlessFlow.Runtime.Records;

/// <summary>One page of a newest-first listing; pass <see cref="ContinuationToken"/> back to get the next page.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
