using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Starts and steers workflow orchestrations by execution id: idempotent start (a redelivered
/// trigger finds the first run), pause/resume/cancel signals, inquiry answers, and waiting by
/// polling status (the SDK's own wait polls the Azure Storage backend in 2 s steps).
/// </summary>
public sealed class WorkflowOrchestrationClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly DurableTaskClient client;
    private readonly WorkflowPayloads? payloads;

    /// <summary>
    /// Wraps a Durable Task client connected to the worker's task hub; with the worker's
    /// <paramref name="payloads"/>, <see cref="WaitAsync"/> reads back results too large for history.
    /// </summary>
    public WorkflowOrchestrationClient(DurableTaskClient client, WorkflowPayloads? payloads = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.payloads = payloads;
    }

    /// <summary>Starts the workflow unless an orchestration for this execution already exists; false when it did.</summary>
    public async Task<bool> StartAsync(WorkflowOrchestrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        string instanceId = DurableIds.InstanceFor(input.ExecutionId);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                DurableNames.WorkflowOrchestrator, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lost a race with a concurrent start of the same execution? (The transport's own
            // "already exists" error type differs by backend.) Then the other start stands.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Sends pause, resume or cancel to a running workflow (its sub-workflows follow).</summary>
    public Task SignalAsync(string executionId, WorkflowControlSignal signal, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(DurableIds.InstanceFor(executionId), DurableNames.ControlEvent, signal, cancellationToken);

    /// <summary>Delivers an inquiry's answer (JSON) to the workflow waiting on the inquiry's task execution.</summary>
    public Task RespondAsync(string workflowExecutionId, string taskExecutionId, string responseJson, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(
            DurableIds.InstanceFor(workflowExecutionId), DurableNames.InquiryResponseEvent(taskExecutionId), responseJson, cancellationToken);

    /// <summary>The orchestration's state, or null when there is none for this execution.</summary>
    public Task<OrchestrationMetadata?> GetAsync(string executionId, CancellationToken cancellationToken = default) =>
        client.GetInstanceAsync(DurableIds.InstanceFor(executionId), getInputsAndOutputs: true, cancellationToken);

    /// <summary>Waits until the workflow's orchestration has finished and returns its result (read back from its payload when large).</summary>
    public async Task<WorkflowOrchestrationResult> WaitAsync(string executionId, CancellationToken cancellationToken = default)
    {
        TimeSpan delay = FirstPollDelay;
        while (true)
        {
            OrchestrationMetadata? metadata = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (metadata is { IsCompleted: true })
            {
                if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    WorkflowOrchestrationResult result = metadata.ReadOutputAs<WorkflowOrchestrationResult>()
                        ?? throw new InvalidOperationException($"Workflow execution {executionId} completed without a result.");
                    if (result.ResultPayload is null)
                    {
                        return result;
                    }

                    if (payloads is null)
                    {
                        throw new InvalidOperationException(
                            $"Workflow execution {executionId} has a result too large for orchestration history (payload {result.ResultPayload}); "
                            + "this client was created without the payload store to read it.");
                    }

                    string json = await payloads.ReadAsync(result.ResultJson, result.ResultPayload, cancellationToken).ConfigureAwait(false);
                    return result with { ResultJson = json, ResultPayload = null };
                }

                return new WorkflowOrchestrationResult(
                    "failed",
                    Core.Values.JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["error"] = metadata.FailureDetails?.ErrorMessage ?? $"The orchestration ended {metadata.RuntimeStatus}.",
                    }));
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPollDelay.Ticks));
        }
    }
}
