namespace ServerlessFlow.Runtime.Executions;

/// <summary>Where an execution came from: the trigger instance, rule and enforcement, trace tag, parent workflow task, user.</summary>
public sealed record ExecutionContextState
{
    /// <summary>The trigger instance that caused the rule to fire, if any.</summary>
    public string? TriggerInstanceId { get; init; }

    /// <summary>The trigger type ref of that instance (for filtering).</summary>
    public string? TriggerType { get; init; }

    /// <summary>The rule ref, if a rule caused this execution.</summary>
    public string? RuleRef { get; init; }

    /// <summary>The rule enforcement id, if any.</summary>
    public string? EnforcementId { get; init; }

    /// <summary>The trace tag that ties related records together.</summary>
    public string? TraceTag { get; init; }

    /// <summary>The parent (workflow) execution id, if this is a task's action.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>The task name in the parent workflow.</summary>
    public string? ParentTaskName { get; init; }

    /// <summary>The execution this one re-runs, if any (and the workflow tasks it runs again).</summary>
    public ExecutionReRun? ReRun { get; init; }

    /// <summary>When this execution is a retry made by an <c>action.retry</c> policy: which policy, the how-manyth retry, and
    /// the execution retried (st2's <c>context.policies.retry</c>: <c>applied_policy</c>, <c>retry_count</c>,
    /// <c>retried_liveaction_id</c>); otherwise null.</summary>
    public RetryContextState? Retry { get; init; }

    /// <summary>Who asked for the execution.</summary>
    public string User { get; init; } = "stanley";

    /// <summary>The action alias a chat command or <c>aliasexecution</c> ran it through (<c>pack.name</c>), if any.</summary>
    public string? ActionAliasRef { get; init; }

    /// <summary>The chat user who typed the command (st2's <c>api_user</c>).</summary>
    public string? ApiUser { get; init; }

    /// <summary>The chat channel the command came from (st2's <c>source_channel</c>).</summary>
    public string? SourceChannel { get; init; }
}
