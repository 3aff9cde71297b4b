namespace ServerlessFlow.Core.Workflows;

/// <summary>The runners whose actions are workflows (StackStorm's <c>WORKFLOW_RUNNER_TYPES</c>): they run durably, one step
/// per event, and can be paused, resumed and canceled.</summary>
public static class WorkflowRunnerTypes
{
    /// <summary>Orquesta.</summary>
    public const string Orquesta = "orquesta";

    /// <summary>ActionChain.</summary>
    public const string ActionChain = "action-chain";

    /// <summary>Both, as StackStorm lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [ActionChain, Orquesta];

    /// <summary>Whether actions of <paramref name="runnerType"/> are workflows.</summary>
    public static bool IsWorkflow(string? runnerType) => runnerType is Orquesta or ActionChain;
}
