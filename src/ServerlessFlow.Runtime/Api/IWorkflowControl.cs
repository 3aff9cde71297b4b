using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Api;

/// <summary>What the API asks of the workflow engine beyond starting actions: is there a workflow for this execution,
/// pause/resume/cancel it, and answer an inquiry it waits on. Each host supplies the Durable client its own way.</summary>
public interface IWorkflowControl
{
    /// <summary>True when a workflow orchestration exists for the execution.</summary>
    Task<bool> IsWorkflowAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Sends pause, resume or cancel to the execution's workflow.</summary>
    Task SignalAsync(string executionId, WorkflowControlSignal signal, CancellationToken cancellationToken);

    /// <summary>Answers inquiry <paramref name="inquiryId"/> and wakes its workflow; throws <see cref="ArgumentException"/>
    /// with the reason when the answer is refused (nothing is then changed).</summary>
    Task<ExecutionState> RespondAsync(string inquiryId, Dictionary<string, object?> response, string user, CancellationToken cancellationToken);
}
