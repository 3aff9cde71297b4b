using ServerlessFlow.Core.Workflows;
using Microsoft.DurableTask;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// One Durable orchestration per workflow execution, whatever its language (Orquesta, ActionChain): a loop around
/// <see cref="IWorkflowStepper"/> that holds no workflow logic. Each command becomes an activity, a sub-orchestration, a durable
/// timer (delays) or an external-event wait (inquiries, with their TTL as a timer); every outcome
/// and every pause, resume or cancel signal goes back into the stepper as an event.
/// </summary>
/// <remarks>
/// A task still waiting on its <c>delay</c> when the workflow is canceled ends <c>canceled</c> without
/// running, and its execution is recorded <c>canceled</c> (StackStorm cancels delayed action executions); pause leaves the delay running, and
/// the action starts when it ends (StackStorm pauses only sub-workflows), so resume simply goes on.
///
/// Replay-safe: time is the orchestration's clock, ids are derived (<see cref="DurableIds"/>), and
/// everything else the loop decides comes from the deterministic stepper. Large JSON never enters the
/// history: activities hand back payload names (<see cref="WorkflowPayloads"/>), and a step that must
/// read a payload, or whose state, result or task inputs would be large, runs in the apply-step activity
/// instead of inline (the orchestrator does no I/O itself). Every step of a workflow that reads the key-value
/// store (<c>st2kv</c>) runs in that activity too, so a replay sees the values read the first time. Actions already started
/// are not interrupted by pause or cancel (StackStorm lets them finish); sub-workflows receive the
/// same signal.
/// </remarks>
[DurableTask(DurableNames.WorkflowOrchestrator)]
public sealed class WorkflowOrchestrator : TaskOrchestrator<WorkflowOrchestrationInput, WorkflowOrchestrationResult>
{
    private static readonly TaskOptions ActivityRetries = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1)));

    private readonly IWorkflowStepper stepper;
    private readonly int inlineLimit;

    /// <summary>
    /// Creates the orchestrator over the stepper (see <see cref="DurableWorkflowTasks"/>); JSON longer than
    /// <paramref name="inlineLimit"/> never enters orchestration history (the host's choice: its backend's limits).
    /// </summary>
    public WorkflowOrchestrator(IWorkflowStepper stepper, int inlineLimit = WorkflowPayloads.Threshold)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        ArgumentOutOfRangeException.ThrowIfLessThan(inlineLimit, 1);
        this.stepper = stepper;
        this.inlineLimit = inlineLimit;
    }

    /// <inheritdoc/>
    public override async Task<WorkflowOrchestrationResult> RunAsync(TaskOrchestrationContext context, WorkflowOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        WorkflowStep step = await StartAsync(context, input).ConfigureAwait(true);

        string recordedStatus = string.Empty;

        // A top-level workflow's record says running before the orchestration starts: recording that again
        // would cost a whole activity round trip (and a history episode) per workflow for nothing.
        bool runningAlreadyRecorded = input.RecordedRunning;
        Task<WorkflowControlSignal> control = context.WaitForExternalEvent<WorkflowControlSignal>(DurableNames.ControlEvent);
        while (true)
        {
            foreach (ActionTaskCommand command in step.Commands)
            {
                run.Launch(command);
            }

            // A workflow can turn failed or canceled while tasks still run; it is recorded as such
            // only once it has finished (with its result), as the execution store cannot reopen it.
            if (step.Status != recordedStatus && (step.IsTerminal || !WorkflowStep.IsCompletedStatus(step.Status)))
            {
                recordedStatus = step.Status;
                context.SetCustomStatus(step.Status);
                if (!(runningAlreadyRecorded && step.Status == "running"))
                {
                    await RecordAsync(context, input, step).ConfigureAwait(true);
                }

                runningAlreadyRecorded = false;
            }

            if (step.IsTerminal)
            {
                // Actions still running finish on their own; sub-workflows are told to stop.
                run.SignalChildren(WorkflowControlSignal.Cancel);
                // A top-level workflow keeps its final state, from which StackStorm's re_run with tasks continues it.
                return input.ParentExecutionId is null && (step.State.Length > 0 || step.StatePayload is not null)
                    ? new WorkflowOrchestrationResult(step.Status, step.ResultJson ?? "{}", step.ResultPayload, step.State, step.StatePayload)
                    : new WorkflowOrchestrationResult(step.Status, step.ResultJson ?? "{}", step.ResultPayload);
            }

            if (run.Count == 0 && !step.IsPaused)
            {
                step = step with
                {
                    Commands = [],
                    Status = "failed",
                    ResultJson = ErrorResult($"The workflow is {step.Status} with no task running and none to start."),
                    ResultPayload = null,
                };
                continue;
            }

            Task winner = await Task.WhenAny(run.Tasks.Append(control)).ConfigureAwait(true);
            if (winner == control)
            {
                WorkflowControlSignal signal = await control.ConfigureAwait(true);
                control = context.WaitForExternalEvent<WorkflowControlSignal>(DurableNames.ControlEvent);
                run.SignalChildren(signal);
                step = await ApplyAsync(context, input, step, new WorkflowControlEvent(context.CurrentUtcDateTime, signal)).ConfigureAwait(true);
                if (signal == WorkflowControlSignal.Cancel && step.Status is "canceling" or "canceled")
                {
                    run.CancelDelays();
                }

                continue;
            }

            (TaskKey key, string executionId, ActionTaskOutcome outcome) = await run.CompleteAsync((Task<ActionTaskOutcome>)winner).ConfigureAwait(true);
            step = await ApplyAsync(
                context,
                input,
                step,
                new TaskActionEvent(context.CurrentUtcDateTime, key, outcome.Status, outcome.ResultJson, outcome.ResultPayload, executionId)).ConfigureAwait(true);
        }
    }

    /// <summary>The error result in StackStorm's shape (<c>{"errors": [{"message": …}], "output": null}</c>).</summary>
    internal static string ErrorResult(string message) =>
        JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["errors"] = new List<object?> { new Dictionary<string, object?>(StringComparer.Ordinal) { ["message"] = message } },
            ["output"] = null,
        });

    private async Task<WorkflowStep> StartAsync(TaskOrchestrationContext context, WorkflowOrchestrationInput input)
    {
        if (input.ParametersPayload is null && input.Definition?.Payload is null && input.Rerun?.StatePayload is null && !stepper.ReadsKeyValues(input))
        {
            WorkflowStep inline;
            try
            {
                inline = stepper.Start(input, context.CurrentUtcDateTime);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The stepper is deterministic, so a start that throws throws on every replay too:
                // report it as the workflow's failure rather than retrying forever.
                return new WorkflowStep(string.Empty, [], "failed", ErrorResult("The workflow could not start: " + e.Message));
            }

            if (!WorkflowPayloads.IsLarge(inline, inlineLimit))
            {
                return inline;
            }
        }

        return await StepActivityAsync(
            context,
            new WorkflowStepRequest(input.ExecutionId, context.CurrentUtcDateTime, Start: input),
            new WorkflowStep(string.Empty, [], "failed")).ConfigureAwait(true);
    }

    /// <summary>
    /// Applies an event inline when everything involved is small and no key is read (the usual case: no activity, no I/O);
    /// otherwise in the apply-step activity. Deterministic either way: the inline attempt is a pure
    /// function of the state and the event, so a replay makes the same choice.
    /// </summary>
    private async Task<WorkflowStep> ApplyAsync(TaskOrchestrationContext context, WorkflowOrchestrationInput input, WorkflowStep step, WorkflowStepEvent stepEvent)
    {
        if (step.StatePayload is null && stepEvent is not TaskActionEvent { ResultPayload: not null } && !stepper.ReadsKeyValues(input))
        {
            WorkflowStep inline;
            try
            {
                inline = stepper.Apply(step.State, stepEvent);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Failed(step, "The workflow engine failed: " + e.Message);
            }

            if (!WorkflowPayloads.IsLarge(inline, inlineLimit))
            {
                return inline;
            }
        }

        var request = new WorkflowStepRequest(
            input.ExecutionId,
            stepEvent.At,
            State: step.StatePayload is null ? step.State : null,
            StatePayload: step.StatePayload,
            TaskEvent: stepEvent as TaskActionEvent,
            ControlEvent: stepEvent as WorkflowControlEvent);
        return await StepActivityAsync(context, request, step).ConfigureAwait(true);
    }

    private static async Task<WorkflowStep> StepActivityAsync(TaskOrchestrationContext context, WorkflowStepRequest request, WorkflowStep previous)
    {
        try
        {
            return await context.CallActivityAsync<WorkflowStep>(DurableNames.ApplyWorkflowStepActivity, request, ActivityRetries).ConfigureAwait(true);
        }
        catch (TaskFailedException e)
        {
            // The payload store failed after retries (stepper errors come back as failed steps).
            return Failed(previous, "The workflow engine failed: " + e.FailureDetails.ErrorMessage);
        }
    }

    private static WorkflowStep Failed(WorkflowStep step, string message) =>
        step with { Commands = [], Status = "failed", ResultJson = ErrorResult(message), ResultPayload = null };

    private static Task RecordAsync(TaskOrchestrationContext context, WorkflowOrchestrationInput input, WorkflowStep step) =>
        context.CallActivityAsync<bool>(
            DurableNames.RecordWorkflowActivity,
            new WorkflowStatusRecord(
                input.ExecutionId,
                input.ActionRef,
                input.ParentExecutionId,
                input.ParametersJson,
                step.Status,
                step.IsTerminal ? step.ResultJson ?? "{}" : null,
                context.CurrentUtcDateTime,
                input.TraceTag,
                input.ParametersPayload,
                step.IsTerminal ? step.ResultPayload : null,
                input.Definition is { } pin ? pin with { Text = string.Empty, Payload = null } : null),
            ActivityRetries);

    /// <summary>The tasks one orchestration has in flight, and how each was started.</summary>
    private sealed class Run(TaskOrchestrationContext context, WorkflowOrchestrationInput input)
    {
        private readonly Dictionary<Task<ActionTaskOutcome>, InFlight> inFlight = [];
        private readonly Dictionary<TaskKey, int> attempts = [];

        public int Count => inFlight.Count;

        public IEnumerable<Task> Tasks => inFlight.Keys;

        public void Launch(ActionTaskCommand command)
        {
            int attempt = attempts.GetValueOrDefault(command.Key);
            attempts[command.Key] = attempt + 1;
            string executionId = DurableIds.ForTask(input.ExecutionId, command.Key, attempt);
            var flight = new InFlight(command, executionId, AwaitingAnswer: false, command.DelaySeconds is > 0 ? new DelayState() : null);
            inFlight.Add(StartAsync(flight), flight);
        }

        /// <summary>
        /// Removes a finished task. An inquiry's first outcome is <c>pending</c>: it is reported,
        /// and the wait for its answer (or its TTL) takes its place in flight.
        /// </summary>
        public async Task<(TaskKey Key, string ExecutionId, ActionTaskOutcome Outcome)> CompleteAsync(Task<ActionTaskOutcome> finished)
        {
            InFlight flight = inFlight[finished];
            inFlight.Remove(finished);
            ActionTaskOutcome outcome = await finished.ConfigureAwait(true);
            if (flight.Command.Kind == ActionTaskKind.Inquiry && !flight.AwaitingAnswer && outcome.Status == "pending")
            {
                inFlight.Add(AwaitAnswerAsync(flight, outcome), flight with { AwaitingAnswer = true });
            }

            return (flight.Command.Key, flight.ExecutionId, outcome);
        }

        /// <summary>Ends every task still waiting on its delay as canceled (tasks already started run to their end).</summary>
        public void CancelDelays()
        {
            foreach (InFlight flight in inFlight.Values)
            {
                if (flight.Delay is { Waiting: true } delay)
                {
                    // Synchronous on purpose (see AwaitAnswerAsync).
                    delay.Stop.Cancel();
                }
            }
        }

        public void SignalChildren(WorkflowControlSignal signal)
        {
            // A sub-workflow still waiting on its delay has no orchestration yet to signal.
            foreach (InFlight flight in inFlight.Values.Where(f => f.Command.Kind == ActionTaskKind.Workflow && f.Delay is not { Waiting: true }))
            {
                context.SendEvent(DurableIds.InstanceFor(flight.ExecutionId), DurableNames.ControlEvent, signal);
            }
        }

        private async Task<ActionTaskOutcome> StartAsync(InFlight flight)
        {
            (ActionTaskCommand command, string executionId) = (flight.Command, flight.ExecutionId);
            if (flight.Delay is { } delay && command.DelaySeconds is double seconds)
            {
                bool canceled = false;
                try
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(seconds), delay.Stop.Token).ConfigureAwait(true);
                }
                catch (OperationCanceledException)
                {
                    canceled = true;
                }
                finally
                {
                    delay.Waiting = false;
                    delay.Stop.Dispose();
                }

                if (canceled)
                {
                    return await RecordCanceledAsync(flight).ConfigureAwait(true);
                }
            }

            try
            {
                if (command.Kind == ActionTaskKind.Workflow)
                {
                    WorkflowOrchestrationResult child = await context.CallSubOrchestratorAsync<WorkflowOrchestrationResult>(
                        DurableNames.WorkflowOrchestrator,
                        new WorkflowOrchestrationInput(executionId, command.ActionRef, command.InputJson, input.ExecutionId, input.TraceTag, command.InputPayload, Definition: command.Definition),
                        new SubOrchestrationOptions { InstanceId = DurableIds.InstanceFor(executionId) }).ConfigureAwait(true);
                    return new ActionTaskOutcome(child.Status, child.ResultJson, child.ResultPayload);
                }

                return await context.CallActivityAsync<ActionTaskOutcome>(
                    DurableNames.RunActionActivity,
                    new ActionTaskRequest(executionId, input.ExecutionId, command.Key, command.ActionRef, command.InputJson, input.TraceTag, command.InputPayload),
                    ActivityRetries).ConfigureAwait(true);
            }
            catch (TaskFailedException e)
            {
                // The runner reports action failures as outcomes; this is the host failing to run
                // it at all (after retries). The task fails with the reason instead of the workflow hanging.
                return new ActionTaskOutcome("failed", JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["error"] = e.FailureDetails.ErrorMessage,
                }));
            }
        }

        /// <summary>
        /// A task canceled during its delay ends <c>canceled</c> without running; its execution is recorded so (as StackStorm
        /// records it) by the run-action activity, which runs nothing for such a request. Replay-safe: the cancel comes from a
        /// control event in the history, and the record is keyed by the task's derived execution id.
        /// </summary>
        private async Task<ActionTaskOutcome> RecordCanceledAsync(InFlight flight)
        {
            (ActionTaskCommand command, string executionId) = (flight.Command, flight.ExecutionId);
            try
            {
                await context.CallActivityAsync<ActionTaskOutcome>(
                    DurableNames.RunActionActivity,
                    new ActionTaskRequest(
                        executionId, input.ExecutionId, command.Key, command.ActionRef, command.InputJson, input.TraceTag, command.InputPayload,
                        CanceledBeforeStart: true),
                    ActivityRetries).ConfigureAwait(true);
            }
            catch (TaskFailedException)
            {
                // The store failed after retries: the record is missing, but the task is canceled all the same and
                // the workflow must go on to its end rather than fail over bookkeeping.
            }

            return new ActionTaskOutcome("canceled", ActionTaskRunner.CanceledBeforeStartResult());
        }

        private async Task<ActionTaskOutcome> AwaitAnswerAsync(InFlight flight, ActionTaskOutcome pending)
        {
            string eventName = DurableNames.InquiryResponseEvent(flight.ExecutionId);
            using var stopWaiting = new CancellationTokenSource();
            Task<string> answer = context.WaitForExternalEvent<string>(eventName, stopWaiting.Token);
            double? ttl = flight.Command.InquiryTtlMinutes;
            if (ttl is null || ttl <= 0)
            {
                return Answered(pending, await answer.ConfigureAwait(true));
            }

            DateTime deadline = context.CurrentUtcDateTime.AddMinutes(ttl.Value);
            Task expired = context.CreateTimer(deadline, stopWaiting.Token);
            Task first = await Task.WhenAny(answer, expired).ConfigureAwait(true);

            // Synchronous on purpose: CancelAsync would resume on the thread pool, outside the
            // orchestration's single-threaded scheduler, and the orchestration would never continue.
            stopWaiting.Cancel();
            return first == answer
                ? Answered(pending, await answer.ConfigureAwait(true))
                : new ActionTaskOutcome("timeout", pending.ResultJson);
        }

        /// <summary>The inquiry's result with the answer under <c>response</c>, as StackStorm reports it.</summary>
        private static ActionTaskOutcome Answered(ActionTaskOutcome pending, string responseJson)
        {
            var result = JsonText.Parse(pending.ResultJson) as Dictionary<string, object?>
                ?? new Dictionary<string, object?>(StringComparer.Ordinal);
            // The inquiry API validates answers before raising the event; anything else is kept as text.
            result["response"] = JsonText.TryParse(responseJson, out object? response, out _) ? response : responseJson;
            return new ActionTaskOutcome("succeeded", JsonText.Serialize(result));
        }

        private sealed record InFlight(ActionTaskCommand Command, string ExecutionId, bool AwaitingAnswer, DelayState? Delay = null);

        /// <summary>A task's delay timer: waiting until it fires (or is canceled), and how to cancel it.</summary>
        private sealed class DelayState
        {
            public CancellationTokenSource Stop { get; } = new();

            public bool Waiting { get; set; } = true;
        }
    }
}
