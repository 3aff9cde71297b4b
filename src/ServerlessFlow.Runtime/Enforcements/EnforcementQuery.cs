namespace ServerlessFlow.Runtime.Enforcements;

/// <summary>Filters and paging for listing enforcements newest first.</summary>
public sealed record EnforcementQuery
{
    /// <summary>Only enforcements of this rule ref.</summary>
    public string? Rule { get; init; }

    /// <summary>Only enforcements for this trigger instance.</summary>
    public string? TriggerInstanceId { get; init; }

    /// <summary>Page size (1–1000).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The token from the previous page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>True when the enforcement passes every filter.</summary>
    public bool Matches(RuleEnforcementState enforcement) =>
        (Rule is null || string.Equals(enforcement.RuleRef, Rule, StringComparison.Ordinal))
        && (TriggerInstanceId is null || string.Equals(enforcement.TriggerInstanceId, TriggerInstanceId, StringComparison.Ordinal));
}
