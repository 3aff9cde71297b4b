using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary>Workflow control without a Durable engine: knows which executions are workflows, records the signals, and
/// answers inquiries through the real inquiry use case (there is no orchestration to wake).</summary>
internal sealed class RecordingWorkflowControl(InquiryService inquiries) : IWorkflowControl
{
    public HashSet<string> Workflows { get; } = new(StringComparer.Ordinal);

    public List<(string ExecutionId, WorkflowControlSignal Signal)> Signals { get; } = [];

    public Task<bool> IsWorkflowAsync(string executionId, CancellationToken cancellationToken) => Task.FromResult(Workflows.Contains(executionId));

    public Task SignalAsync(string executionId, WorkflowControlSignal signal, CancellationToken cancellationToken)
    {
        Signals.Add((executionId, signal));
        return Task.CompletedTask;
    }

    public Task<ExecutionState> RespondAsync(string inquiryId, Dictionary<string, object?> response, string user, CancellationToken cancellationToken) =>
        inquiries.RespondAsync(inquiryId, response, user, cancellationToken);
}
