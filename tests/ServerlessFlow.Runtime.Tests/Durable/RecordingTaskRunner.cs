using System.Collections.Concurrent;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>
/// Test runner and recorder: actions named <c>test.echo</c> succeed with their input, <c>test.fail</c>
/// fails, <c>test.ask</c> is pending, <c>test.gate</c> waits until the test opens its gate, <c>test.big</c>
/// succeeds with <see cref="BigText"/> (200 KB, far above the payload threshold); every
/// request and every workflow status record is kept for the test to read.
/// </summary>
internal sealed class RecordingTaskRunner : IActionTaskRunner, IWorkflowExecutionRecorder
{
    /// <summary>200,000 characters, not all alike (so a truncation or mix-up would show).</summary>
    public static readonly string BigText = string.Concat(Enumerable.Range(0, 20_000).Select(i => (i % 100_000).ToString("D10", System.Globalization.CultureInfo.InvariantCulture)));

    public ConcurrentQueue<ActionTaskRequest> Requests { get; } = new();

    public ConcurrentQueue<WorkflowStatusRecord> Records { get; } = new();

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource GateReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ActionTaskOutcome> RunAsync(ActionTaskRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        switch (request.ActionRef)
        {
            case "test.fail":
                return new ActionTaskOutcome("failed", """{"error":"boom"}""");
            case "test.ask":
                return new ActionTaskOutcome("pending", """{"schema":{"type":"object"}}""");
            case "test.big":
                return new ActionTaskOutcome("succeeded", System.Text.Json.JsonSerializer.Serialize(new { text = BigText }));
            case "test.gate":
                GateReached.TrySetResult();
                await Gate.Task.ConfigureAwait(false);
                return new ActionTaskOutcome("succeeded", request.InputJson);
            default:
                return new ActionTaskOutcome("succeeded", request.InputJson);
        }
    }

    public Task RecordAsync(WorkflowStatusRecord record, CancellationToken cancellationToken)
    {
        Records.Enqueue(record);
        return Task.CompletedTask;
    }
}
