using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;

namespace ServerlessFlow.Runtime.Api;

/// <summary><see cref="IWorkflowControl"/> over Durable orchestrations, through the client the host passed in (the Functions
/// app connects the runtime to each invocation's <c>[DurableClient]</c> binding; <c>sflow serve</c> has one client for its lifetime).</summary>
public sealed class DurableWorkflowControl : IWorkflowControl
{
    private readonly InquiryService inquiries;
    private readonly WorkflowOrchestrationClient client;

    /// <summary>Creates the control over the inquiry use case and the workflow client.</summary>
    public DurableWorkflowControl(InquiryService inquiries, WorkflowOrchestrationClient client)
    {
        ArgumentNullException.ThrowIfNull(inquiries);
        ArgumentNullException.ThrowIfNull(client);
        this.inquiries = inquiries;
        this.client = client;
    }

    /// <inheritdoc/>
    public async Task<bool> IsWorkflowAsync(string executionId, CancellationToken cancellationToken) =>
        await client.GetAsync(executionId, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc/>
    public Task SignalAsync(string executionId, WorkflowControlSignal signal, CancellationToken cancellationToken) =>
        client.SignalAsync(executionId, signal, cancellationToken);

    /// <inheritdoc/>
    public Task<ExecutionState> RespondAsync(string inquiryId, Dictionary<string, object?> response, string user, CancellationToken cancellationToken) =>
        new DurableInquiryResponder(inquiries, client).RespondAsync(inquiryId, response, user, cancellationToken);
}
