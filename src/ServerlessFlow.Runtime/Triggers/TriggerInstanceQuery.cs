namespace ServerlessFlow.Runtime.Triggers;

/// <summary>Filters and paging for listing trigger instances newest first.</summary>
public sealed record TriggerInstanceQuery
{
    /// <summary>Only instances of this trigger type ref.</summary>
    public string? Trigger { get; init; }

    /// <summary>Page size (1–1000).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The token from the previous page.</summary>
    public string? ContinuationToken { get; init; }
}
