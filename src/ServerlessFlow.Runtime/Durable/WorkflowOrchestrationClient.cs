using Microsoft.DurableTask.Client;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Starts and steers workflow orchestrations by execution id: idempotent start (a redelivered
/// trigger finds the first run), pause/resume/cancel signals, inquiry answers, and waiting by
/// polling status (the SDK's own wait polls the Azure Storage backend in 2 s steps). Works over any
/// <see cref="IOrchestrationClient"/>: the host passes its client in (never through ambient state).
/// </summary>
public sealed class WorkflowOrchestrationClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly IOrchestrationClient client;
    private readonly WorkflowPayloads? payloads;

    /// <summary>
    /// Wraps a client of the worker's task hub; with the worker's <paramref name="payloads"/>, <see cref="WaitAsync"/>
    /// reads back results too large for history (without them such a result is refused with a clear error).
    /// </summary>
    public WorkflowOrchestrationClient(IOrchestrationClient client, WorkflowPayloads? payloads = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.payloads = payloads;
    }

    /// <summary>Wraps a Durable Task SDK client (the Functions binding, a test host's client).</summary>
    public WorkflowOrchestrationClient(DurableTaskClient client, WorkflowPayloads? payloads = null)
        : this(new DurableTaskClientOrchestrations(client), payloads)
    {
    }

    /// <summary>The client underneath, for other orchestrations of the same task hub (the Functions app's out-of-band runs).</summary>
    public IOrchestrationClient Orchestrations => client;

    /// <summary>Starts the workflow unless an orchestration for this execution already exists; false when it did.</summary>
    public async Task<bool> StartAsync(WorkflowOrchestrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        string instanceId = DurableIds.InstanceFor(input.ExecutionId);
        if (await client.GetAsync<WorkflowOrchestrationResult>(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        if (input.Definition is { } pin && (payloads?.Exceeds(pin.Text) ?? WorkflowPayloads.IsLarge(pin.Text)))
        {
            input = input with
            {
                Definition = payloads is null
                    ? throw new InvalidOperationException($"The definition of workflow {input.ActionRef} is too large for orchestration history, and this client has no payload store.")
                    : await payloads.OffloadAsync(pin, cancellationToken).ConfigureAwait(false),
            };
        }

        try
        {
            await client.ScheduleAsync(DurableNames.WorkflowOrchestrator, instanceId, input, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lost a race with a concurrent start of the same execution? (The transport's own
            // "already exists" error type differs by backend.) Then the other start stands.
            if (await client.GetAsync<WorkflowOrchestrationResult>(instanceId, cancellationToken).ConfigureAwait(false) is not null)
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
    public Task<OrchestrationSnapshot<WorkflowOrchestrationResult>?> GetAsync(string executionId, CancellationToken cancellationToken = default) =>
        client.GetAsync<WorkflowOrchestrationResult>(DurableIds.InstanceFor(executionId), cancellationToken);

    /// <summary>Waits until the workflow's orchestration has finished and returns its result (read back from its payload when large).</summary>
    public async Task<WorkflowOrchestrationResult> WaitAsync(string executionId, CancellationToken cancellationToken = default)
    {
        TimeSpan delay = FirstPollDelay;
        while (true)
        {
            OrchestrationSnapshot<WorkflowOrchestrationResult>? snapshot = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (snapshot is { IsCompleted: true })
            {
                if (snapshot.Status == OrchestrationLifecycle.Completed)
                {
                    WorkflowOrchestrationResult result = snapshot.Output
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
                        ["error"] = snapshot.FailureMessage ?? $"The orchestration ended {snapshot.Status}.",
                    }));
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPollDelay.Ticks));
        }
    }
}
