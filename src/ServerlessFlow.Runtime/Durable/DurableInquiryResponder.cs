using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Answers an inquiry as StackStorm does (validate, record the response, complete the ask
/// execution) and then wakes the workflow waiting on it: the answer reaches the orchestration as
/// an external event, and the workflow resumes.
/// </summary>
public sealed class DurableInquiryResponder
{
    private readonly InquiryService inquiries;
    private readonly WorkflowOrchestrationClient workflows;

    /// <summary>Creates the responder over the inquiry use case and the workflow client.</summary>
    public DurableInquiryResponder(InquiryService inquiries, WorkflowOrchestrationClient workflows)
    {
        ArgumentNullException.ThrowIfNull(inquiries);
        ArgumentNullException.ThrowIfNull(workflows);
        this.inquiries = inquiries;
        this.workflows = workflows;
    }

    /// <summary>
    /// Answers inquiry <paramref name="id"/> (the ask task's execution id). Throws
    /// <see cref="ArgumentException"/> with the reason when the answer is refused; nothing is then changed.
    /// </summary>
    public async Task<ExecutionState> RespondAsync(string id, Dictionary<string, object?> response, string user, CancellationToken cancellationToken = default)
    {
        ExecutionState ask = await inquiries.RespondAsync(id, response, user, cancellationToken).ConfigureAwait(false);
        if (ask.Context.ParentExecutionId is { } workflowExecutionId)
        {
            await workflows.RespondAsync(workflowExecutionId, id, JsonText.Serialize(response), cancellationToken).ConfigureAwait(false);
        }

        return ask;
    }
}
