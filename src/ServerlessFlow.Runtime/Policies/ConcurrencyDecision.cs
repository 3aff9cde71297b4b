namespace ServerlessFlow.Runtime.Policies;

/// <summary>What the concurrency policies of an action say about one requested execution (st2's <c>apply_before</c>).</summary>
public enum ConcurrencyDecision
{
    /// <summary>Below every threshold (or no concurrency policy): schedule it; it now holds a place in each policy.</summary>
    Schedule,

    /// <summary>A threshold is reached and the policy says <c>delay</c>: the execution waits <c>delayed</c> and is tried again.</summary>
    Delay,

    /// <summary>A threshold is reached and the policy says <c>cancel</c>: the execution is canceled without running.</summary>
    Cancel,
}
