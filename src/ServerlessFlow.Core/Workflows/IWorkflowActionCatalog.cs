namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// Port: what a workflow engine asks of the host about the actions a workflow calls — what kind each is and the input it
/// actually runs with (a sub-workflow's parameters resolved as StackStorm resolves every execution's, an inquiry's TTL).
/// Must be deterministic for a replay; reading the key-value store here is allowed only where the host steps the
/// workflow in a recorded activity.
/// </summary>
public interface IWorkflowActionCatalog
{
    /// <summary>How the action runs and with what input. Throws <see cref="ActionInputRefusedException"/> when the input is
    /// refused (the task then fails with the reason, as StackStorm fails an execution it cannot create).</summary>
    ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds);
}
