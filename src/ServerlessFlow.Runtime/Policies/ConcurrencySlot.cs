namespace ServerlessFlow.Runtime.Policies;

/// <summary>One taken place of a concurrency policy: slot <paramref name="Index"/> (0 … threshold − 1) of
/// <paramref name="Key"/> is held by the execution <paramref name="HolderExecutionId"/>.</summary>
/// <param name="Key">The policy (and, for <c>action.concurrency.attr</c>, the attribute values) the slot counts for.</param>
/// <param name="Index">Which of the threshold's places.</param>
/// <param name="HolderExecutionId">The execution scheduled or running in this place.</param>
/// <param name="Version">The store's version of the slot (an ETag), for a conditional take-over.</param>
public sealed record ConcurrencySlot(string Key, int Index, string HolderExecutionId, string Version);
