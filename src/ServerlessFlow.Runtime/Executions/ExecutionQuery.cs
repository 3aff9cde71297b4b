namespace ServerlessFlow.Runtime.Executions;

/// <summary>Filters and paging for listing executions newest first. Unset filters match everything.</summary>
public sealed record ExecutionQuery
{
    /// <summary>Only executions of this action ref.</summary>
    public string? Action { get; init; }

    /// <summary>Only executions in this status.</summary>
    public ExecutionStatus? Status { get; init; }

    /// <summary>Only executions caused by this rule ref.</summary>
    public string? Rule { get; init; }

    /// <summary>Only executions caused by an instance of this trigger type.</summary>
    public string? TriggerType { get; init; }

    /// <summary>Only executions with this trace tag.</summary>
    public string? TraceTag { get; init; }

    /// <summary>Page size (1–1000).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Only task executions of this parent (workflow) execution.</summary>
    public string? Parent { get; init; }

    /// <summary>Only executions without a parent (st2's <c>parent=null</c>: what was run, not the tasks of workflows).</summary>
    public bool TopLevelOnly { get; init; }

    /// <summary>Only executions caused by this trigger instance.</summary>
    public string? TriggerInstance { get; init; }

    /// <summary>The token from the previous page, or null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>True when <paramref name="execution"/> passes every filter.</summary>
    public bool Matches(ExecutionState execution) =>
        (Action is null || string.Equals(execution.Action, Action, StringComparison.Ordinal))
        && (Status is null || execution.Status == Status)
        && (Rule is null || string.Equals(execution.Context.RuleRef, Rule, StringComparison.Ordinal))
        && (TriggerType is null || string.Equals(execution.Context.TriggerType, TriggerType, StringComparison.Ordinal))
        && (TraceTag is null || string.Equals(execution.Context.TraceTag, TraceTag, StringComparison.Ordinal))
        && (Parent is null || string.Equals(execution.Context.ParentExecutionId, Parent, StringComparison.Ordinal))
        && (!TopLevelOnly || execution.Context.ParentExecutionId is null)
        && (TriggerInstance is null || string.Equals(execution.Context.TriggerInstanceId, TriggerInstance, StringComparison.Ordinal));

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when the limit is out of range.</summary>
    public void Validate()
    {
        if (Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "Page size must be between 1 and 1000.");
        }
    }
}
