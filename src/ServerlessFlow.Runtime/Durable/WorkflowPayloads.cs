using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Runtime.Payloads;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Keeps large JSON (results, inputs, workflow state) out of orchestration history: anything above
/// <see cref="Threshold"/> is written to the payload store and only its name travels through Durable.
/// The activities use it on both sides (resolve what they are given, offload what they return); the
/// orchestrator itself never reads or writes a payload.
/// </summary>
/// <remarks>
/// Payloads are content-addressed (<c>workflows/{execution}/{sha256}.json</c>) and never rewritten with
/// other content, so reading one is a pure function of its name, and an activity retried after a crash
/// writes the same name again. They are kept after the workflow ends, on purpose: no execution record
/// points at them (the record activity resolves payloads to JSON, and the Table store offloads large
/// records under its own <c>{table}/…</c> names), but a workflow's blobs are still read after its
/// orchestration ends — a sub-workflow's result by its parent's next step, a sub-workflow's and a queued
/// action's input (written under the parent's name) by a child still canceling or an activity not yet
/// started when a failed or canceled parent returns, and the result by a client still waiting on it.
/// Deleting on completion would race all three; the blob store's lifecycle rules can age them out instead
/// (see <c>docs/storage.md</c>).
/// </remarks>
public sealed class WorkflowPayloads
{
    /// <summary>
    /// JSON longer than this (UTF-16 characters) travels as a payload: the same limit as a Table Storage
    /// record row, well under the Azure Storage backend's 64 KB queue messages.
    /// </summary>
    public const int Threshold = 30_000;

    private readonly IPayloadStore store;
    private readonly int threshold;

    /// <summary>
    /// Uses <paramref name="store"/> (blob storage in Azure and on Azurite, memory in tests and <c>--local</c> runs); JSON longer
    /// than <paramref name="threshold"/> is offloaded (<see cref="Threshold"/> for Durable backends with message and row
    /// limits; an in-memory backend has none).
    /// </summary>
    public WorkflowPayloads(IPayloadStore store, int threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        this.store = store;
        this.threshold = threshold;
    }

    /// <summary>Whether <paramref name="json"/> is too large to travel inside orchestration history (by <see cref="Threshold"/>).</summary>
    public static bool IsLarge(string? json) => IsLarge(json, Threshold);

    /// <summary>Whether <paramref name="json"/> is too large for this store's backend (longer than its threshold).</summary>
    public bool Exceeds(string? json) => IsLarge(json, threshold);

    /// <summary>Whether <paramref name="json"/> is longer than <paramref name="threshold"/>.</summary>
    public static bool IsLarge(string? json, int threshold) => json is not null && json.Length > threshold;

    /// <summary>Whether any part of a step (state, result, command inputs) is too large for orchestration history (by <see cref="Threshold"/>).</summary>
    public static bool IsLarge(WorkflowStep step) => IsLarge(step, Threshold);

    /// <summary>Whether any part of a step (state, result, command inputs) is longer than <paramref name="threshold"/>.</summary>
    public static bool IsLarge(WorkflowStep step, int threshold)
    {
        ArgumentNullException.ThrowIfNull(step);
        return IsLarge(step.State, threshold) || IsLarge(step.ResultJson, threshold)
            || step.Commands.Any(c => IsLarge(c.InputJson, threshold) || IsLarge(c.Definition?.Text, threshold));
    }

    /// <summary>The JSON itself, or the payload's content when a payload name is given.</summary>
    public async Task<string> ReadAsync(string? json, string? payload, CancellationToken cancellationToken = default)
    {
        if (payload is null)
        {
            return json ?? throw new ArgumentException("Neither JSON nor a payload name was given.", nameof(json));
        }

        byte[] content = await store.GetAsync(payload, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Payload {payload} is not in the payload store (deleted while its workflow still needed it?).");
        return Encoding.UTF8.GetString(content);
    }

    /// <summary>Small JSON as is; large JSON written to the store, returned as <c>("", name)</c>.</summary>
    public async Task<(string Json, string? Payload)> WriteAsync(string workflowExecutionId, string json, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowExecutionId);
        ArgumentNullException.ThrowIfNull(json);
        if (!IsLarge(json, threshold))
        {
            return (json, null);
        }

        byte[] content = Encoding.UTF8.GetBytes(json);
        string name = $"workflows/{SafeName(workflowExecutionId)}/{Convert.ToHexStringLower(SHA256.HashData(content))}.json";
        await store.PutAsync(name, content, cancellationToken).ConfigureAwait(false);
        return (string.Empty, name);
    }

    /// <summary>A pinned definition as it travels in orchestration history: its text, or (when large) its name in the payload
    /// store, written once under its content hash.</summary>
    public async Task<PinnedWorkflowDefinition?> OffloadAsync(PinnedWorkflowDefinition? pin, CancellationToken cancellationToken = default)
    {
        if (pin is null || !IsLarge(pin.Text, threshold))
        {
            return pin;
        }

        await store.PutAsync(pin.PayloadName, Encoding.UTF8.GetBytes(pin.Text), cancellationToken).ConfigureAwait(false);
        return pin with { Text = string.Empty, Payload = pin.PayloadName };
    }

    /// <summary>A pinned definition with its text, read back from the payload store when it was offloaded.</summary>
    public async Task<PinnedWorkflowDefinition?> LoadAsync(PinnedWorkflowDefinition? pin, CancellationToken cancellationToken = default)
    {
        if (pin?.Payload is null || pin.Text.Length > 0)
        {
            return pin;
        }

        return pin with { Text = await ReadAsync(null, pin.Payload, cancellationToken).ConfigureAwait(false), Payload = null };
    }

    /// <summary>What the run-action activity does: resolves the input, runs the action, offloads a large result.</summary>
    public async Task<ActionTaskOutcome> RunActionAsync(IActionTaskRunner runner, ActionTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(request);
        string input = await ReadAsync(request.InputJson, request.InputPayload, cancellationToken).ConfigureAwait(false);
        ActionTaskOutcome outcome = await runner.RunAsync(request with { InputJson = input, InputPayload = null }, cancellationToken).ConfigureAwait(false);

        // An inquiry's pending result stays inline: the orchestrator adds the answer to it (it is the
        // inquiry's schema and routing, not action output).
        if (outcome.ResultPayload is not null || outcome.Status == "pending")
        {
            return outcome;
        }

        (string json, string? payload) = await WriteAsync(request.WorkflowExecutionId, outcome.ResultJson, cancellationToken).ConfigureAwait(false);
        return outcome with { ResultJson = json, ResultPayload = payload };
    }

    /// <summary>What the record activity does: resolves parameters and result, then records.</summary>
    public async Task RecordAsync(IWorkflowExecutionRecorder recorder, WorkflowStatusRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(record);
        string parameters = await ReadAsync(record.ParametersJson, record.ParametersPayload, cancellationToken).ConfigureAwait(false);
        string? result = record.ResultPayload is null
            ? record.ResultJson
            : await ReadAsync(record.ResultJson, record.ResultPayload, cancellationToken).ConfigureAwait(false);
        await recorder.RecordAsync(
            record with { ParametersJson = parameters, ParametersPayload = null, ResultJson = result, ResultPayload = null },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the apply-step activity does: resolves the state and the event's (or start's) payloads, runs
    /// the stepper, and offloads whatever of the new step is large. A stepper that throws gives a failed
    /// step (it is deterministic: a retry would throw again); a payload store that fails throws, so the
    /// activity is retried.
    /// </summary>
    public async Task<WorkflowStep> StepAsync(IWorkflowStepper stepper, WorkflowStepRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        ArgumentNullException.ThrowIfNull(request);
        string id = request.WorkflowExecutionId;
        WorkflowStep step;
        if (request.Start is { } start)
        {
            string parameters = await ReadAsync(start.ParametersJson, start.ParametersPayload, cancellationToken).ConfigureAwait(false);
            PinnedWorkflowDefinition? definition = await LoadAsync(start.Definition, cancellationToken).ConfigureAwait(false);
            WorkflowRerunInput? rerun = start.Rerun is { } original
                ? original with { StateJson = await ReadAsync(original.StateJson, original.StatePayload, cancellationToken).ConfigureAwait(false), StatePayload = null }
                : null;
            step = Guard(
                () => stepper.Start(start with { ParametersJson = parameters, ParametersPayload = null, Definition = definition, Rerun = rerun }, request.At),
                string.Empty,
                "The workflow could not start: ");
        }
        else
        {
            string state = await ReadAsync(request.State, request.StatePayload, cancellationToken).ConfigureAwait(false);
            WorkflowStepEvent stepEvent = request.TaskEvent is { } task
                ? task with { ResultJson = await ReadAsync(task.ResultJson, task.ResultPayload, cancellationToken).ConfigureAwait(false), ResultPayload = null }
                : request.ControlEvent ?? throw new ArgumentException($"The step request of workflow {id} has no start, task event or control event.", nameof(request));
            step = Guard(() => stepper.Apply(state, stepEvent), state, "The workflow engine failed: ");
        }

        (string stateJson, string? statePayload) = await WriteAsync(id, step.State, cancellationToken).ConfigureAwait(false);
        var commands = new List<ActionTaskCommand>(step.Commands.Count);
        foreach (ActionTaskCommand command in step.Commands)
        {
            (string input, string? inputPayload) = await WriteAsync(id, command.InputJson, cancellationToken).ConfigureAwait(false);
            commands.Add(command with { InputJson = input, InputPayload = inputPayload, Definition = await OffloadAsync(command.Definition, cancellationToken).ConfigureAwait(false) });
        }

        (string? resultJson, string? resultPayload) = step.ResultJson is null
            ? (null, null)
            : await WriteAsync(id, step.ResultJson, cancellationToken).ConfigureAwait(false);
        return step with { State = stateJson, StatePayload = statePayload, Commands = commands, ResultJson = resultJson, ResultPayload = resultPayload };
    }

    private static WorkflowStep Guard(Func<WorkflowStep> step, string state, string failure)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new WorkflowStep(state, [], "failed", WorkflowOrchestrator.ErrorResult(failure + e.Message));
        }
    }

    private static string SafeName(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
