namespace ServerlessFlow.Runtime.Durable;

/// <summary>An orchestration instance as a client last saw it.</summary>
/// <typeparam name="TOutput">The orchestrator's output type.</typeparam>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Status">Where the instance is in its life.</param>
/// <param name="CustomStatus">The custom status the orchestrator set, serialized (null when none).</param>
/// <param name="Output">The output, once <see cref="OrchestrationLifecycle.Completed"/>.</param>
/// <param name="FailureMessage">Why it ended <see cref="OrchestrationLifecycle.Failed"/>, when it did.</param>
public sealed record OrchestrationSnapshot<TOutput>(
    string InstanceId, OrchestrationLifecycle Status, string? CustomStatus, TOutput? Output, string? FailureMessage)
{
    /// <summary>Finished one way or another: completed, failed or terminated.</summary>
    public bool IsCompleted => Status is OrchestrationLifecycle.Completed or OrchestrationLifecycle.Failed or OrchestrationLifecycle.Terminated;
}
