namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Bounds on one workflow execution, so that a cycle without an end or an enormous item list fails with a clear error
/// instead of running forever (orquesta has no such bounds; these are ServerlessFlow's).</summary>
/// <param name="MaxTaskExecutions">Most task executions (entries in the task sequence: every pass through a cycle, every retry)
/// one workflow may run.</param>
/// <param name="MaxItems">Most items one with-items task may iterate over.</param>
public sealed record WorkflowLimits(int MaxTaskExecutions = 10_000, int MaxItems = 100_000)
{
    /// <summary>The default bounds (10,000 task executions, 100,000 items per task).</summary>
    public static WorkflowLimits Default { get; } = new();

    /// <summary>Orquesta's error type for a bound being reached.</summary>
    public const string ErrorType = "WorkflowLimitError";
}
