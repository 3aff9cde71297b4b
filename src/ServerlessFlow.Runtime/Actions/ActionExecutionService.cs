using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Policies;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>Use case: run one action execution — resolve parameters, record the execution (requested → scheduled → running →
/// outcome), run it with its runner, record the result, and dispatch <c>core.st2.generic.actiontrigger</c> when it completes
/// (and <c>core.st2.generic.notifytrigger</c> for the action's <c>notify</c>, see <see cref="ActionNotifications"/>).
/// Running the same execution id twice runs the action once.</summary>
public sealed class ActionExecutionService
{
    /// <summary>The trigger type dispatched when an execution completes.</summary>
    public const string ActionTrigger = "core.st2.generic.actiontrigger";

    private const int ConflictAttempts = 5;

    private readonly IExecutionStore executions;
    private readonly RunnerRegistry runners;
    private readonly RunnerTypeCatalog runnerTypes;
    private readonly TimeProvider time;
    private readonly TriggerDispatcher? triggers;
    private readonly ExpressionEngine expressions;
    private readonly IKeyValueLookup? keyValues;
    private readonly Func<string, ActionSpec?>? findAction;
    private readonly Func<string, PackSpec?>? findPack;
    private readonly PackConfigs? configs;
    private readonly ActionPolicies? policies;

    // Executions running in this process, per execution store (every service over the same store, e.g. the API's and the
    // activities', shares one): a redelivered run waits for them; any other unfinished one was cut off by a crash.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IExecutionStore, System.Collections.Concurrent.ConcurrentDictionary<string, RunningExecution>> RunningByStore = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RunningExecution> running;
    private readonly TimeSpan? cancelPoll;

    /// <summary>Creates the service; without <paramref name="triggers"/> no action triggers are sent; <paramref name="keyValues"/>
    /// serves <c>st2kv</c> in parameter templates; <paramref name="findAction"/> (the loaded packs) gives the <c>notify</c>
    /// settings of a completed execution's action (without it no notifications are sent); <paramref name="policies"/> enforces the
    /// packs' <c>action.concurrency</c>, <c>action.concurrency.attr</c> and <c>action.retry</c> policies (without it none are);
    /// <paramref name="findPack"/> gives an action's pack (its version and content hash are recorded with each execution) and
    /// <paramref name="configs"/> its configuration (<c>config_context</c> in parameter defaults); <paramref name="cancelPoll"/>,
    /// where other processes over the same store may cancel what runs here (the Functions app), is how often a running action's
    /// record is read to find a <c>canceling</c> written elsewhere (without it only a cancel requested through a service of this
    /// process stops a running action, at once).</summary>
    public ActionExecutionService(
        IExecutionStore executions,
        RunnerRegistry runners,
        RunnerTypeCatalog runnerTypes,
        TimeProvider time,
        TriggerDispatcher? triggers = null,
        ExpressionEngine? expressions = null,
        IKeyValueLookup? keyValues = null,
        Func<string, ActionSpec?>? findAction = null,
        ActionPolicies? policies = null,
        Func<string, PackSpec?>? findPack = null,
        PackConfigs? configs = null,
        TimeSpan? cancelPoll = null)
    {
        this.cancelPoll = cancelPoll;
        this.findAction = findAction;
        running = RunningByStore.GetValue(executions, _ => new(StringComparer.Ordinal));
        this.policies = policies;
        this.findPack = findPack;
        this.configs = configs;
        this.expressions = expressions ?? new ExpressionEngine();
        this.keyValues = keyValues;
        this.executions = executions;
        this.runners = runners;
        this.runnerTypes = runnerTypes;
        this.time = time;
        this.triggers = triggers;
    }

    /// <summary>Runs <paramref name="action"/> with <paramref name="parameters"/> and returns the stored execution. A
    /// <paramref name="templateContext"/> (a rule's <c>trigger</c>) marks a rule's run: its shell <c>cmd</c> is the rule's
    /// template, rendered with the values kept out of the shell syntax; every other given value is data. Throws
    /// <see cref="ActionParameterException"/> (before anything is stored) when the parameters are not acceptable.
    /// <paramref name="secretParameters"/> names given parameters to mask in the record besides those the action declares
    /// secret (a rule parameter rendered from a secret pack config item).</summary>
    public async Task<ExecutionState> RunAsync(
        ActionSpec action,
        Dictionary<string, object?> parameters,
        string actionDirectory,
        ExecutionContextState? context = null,
        string? executionId = null,
        IReadOnlyDictionary<string, object?>? templateContext = null,
        CancellationToken cancellationToken = default,
        IReadOnlyCollection<string>? secretParameters = null)
    {
        var runnerType = runnerTypes.Find(action.RunnerType);
        var templates = await TemplatesAsync(action, templateContext, cancellationToken).ConfigureAwait(false);
        var resolved = ActionParameterResolver.Resolve(action, runnerType, parameters, templates);
        var id = executionId ?? RecordIds.New(time);
        var requested = ExecutionState.Create(id, action.Ref, action.RunnerType, MaskAlso(resolved.MaskedGiven, secretParameters), context ?? new ExecutionContextState(), time.GetUtcNow())
            with { Definition = DefinitionOf(action) };
        var (execution, created) = await executions.CreateAsync(requested, cancellationToken).ConfigureAwait(false);
        if (!created && execution.Status != ExecutionStatus.Requested)
        {
            // Redelivery: the execution already ran, or runs here now (wait for it), or was cut off by a crash of the process
            // that ran it. Never run an action twice.
            if (running.TryGetValue(id, out var inProcess))
            {
                return await inProcess.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (execution.Status != ExecutionStatus.Delayed)
            {
                return WasInterrupted(execution)
                    ? await FailInterruptedAsync(execution, cancellationToken).ConfigureAwait(false)
                    : execution;
            }

            // Delayed by a concurrency policy and left so by a process that stopped while it waited (or redelivered while
            // another waits: the claim below lets only one run it): it never ran, so it waits for its turn again here.
        }

        using var entry = new RunningExecution();
        var done = entry.Done;
        if (!running.TryAdd(id, entry))
        {
            // Another delivery runs it in this process; or it has just finished and left the map, and its record holds the
            // outcome (reading running[id] here threw when that happened between the two calls).
            return running.TryGetValue(id, out var other)
                ? await other.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await executions.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? execution;
        }

        try
        {
            var finished = await RunRequestedAsync(action, runnerType, resolved, execution, actionDirectory, id, parameters, templateContext, secretParameters, entry, cancellationToken).ConfigureAwait(false);
            done.TrySetResult(finished);
            return finished;
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
            throw;
        }
        finally
        {
            running.TryRemove(id, out _);
        }
    }

    /// <summary>The error an action cut off by a crash ends with.</summary>
    public const string InterruptedError =
        "The action was interrupted: the process running it stopped (a crash or a kill) before it finished. It was not run again, because an action may not be safe to repeat; run it again if it is.";

    /// <summary>Ends an execution that a crashed process left <c>scheduled</c> or <c>running</c> as <c>failed</c>, with
    /// <see cref="InterruptedError"/> in its result (a redelivered workflow task, a recovered trigger instance, or a host's
    /// start-up sweep finds it so). The record is final; nothing runs.</summary>
    public Task<ExecutionState> FailInterruptedAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return CompleteAsync(execution, RunnerOutcome.Failure(InterruptedError), cancellationToken);
    }

    /// <summary>At the start of a host that alone runs actions on its store (<c>sflow serve</c>): ends as interrupted every
    /// execution the previous run left <c>scheduled</c> or <c>running</c> in a runner that finishes in process (an action run for
    /// an API request has nothing else that would ever find it). Returns how many were ended.</summary>
    public async Task<int> FailInterruptedRunsAsync(CancellationToken cancellationToken = default)
    {
        var ended = 0;
        foreach (var status in new[] { ExecutionStatus.Scheduled, ExecutionStatus.Running })
        {
            string? token = null;
            do
            {
                var page = await executions.ListAsync(new ExecutionQuery { Status = status, Limit = 1000, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
                foreach (var execution in page.Items.Where(WasInterrupted))
                {
                    await FailInterruptedAsync(execution, cancellationToken).ConfigureAwait(false);
                    ended++;
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return ended;
    }

    /// <summary>
    /// At the start of a host that alone runs actions on its store (<c>sflow serve</c>): every execution a previous run left
    /// <c>delayed</c> by a concurrency policy that nothing else will take up again — one started through the API, not by a rule
    /// (whose queue message comes back) nor as a workflow task (whose activity runs again) — waits for its turn again, in the
    /// background, through <see cref="RunAsync"/> with its stored parameters, and <paramref name="locate"/> (the loaded packs)
    /// gives its action and the action's folder; <paramref name="stopping"/> ends the waits (the record stays delayed for the
    /// next start). One whose stored parameters hold a masked secret, or whose action is no longer
    /// loaded, cannot run as asked and ends failed saying so. Returns the runs started (for a host to await when it stops).
    /// </summary>
    public async Task<IReadOnlyList<Task<ExecutionState>>> ResumeDelayedRunsAsync(
        Func<string, (ActionSpec Action, string ActionDirectory)?> locate, CancellationToken stopping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locate);
        var resumed = new List<Task<ExecutionState>>();
        string? token = null;
        do
        {
            var page = await executions.ListAsync(new ExecutionQuery { Status = ExecutionStatus.Delayed, Limit = 1000, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var execution in page.Items.Where(e => e.Context.ParentExecutionId is null && e.Context.RuleRef is null && !running.ContainsKey(e.Id)))
            {
                if (locate(execution.Action) is not { } found)
                {
                    await CompleteAsync(execution, RunnerOutcome.Failure($"The execution was delayed when the process running it stopped, and its action {execution.Action} is no longer loaded."), cancellationToken).ConfigureAwait(false);
                }
                else if (HoldsMask(execution.Parameters))
                {
                    await CompleteAsync(execution, RunnerOutcome.Failure("The execution was delayed when the process running it stopped, and its secret parameters are not stored (only their mask), so it cannot run as asked; run it again."), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var parameters = (Dictionary<string, object?>)PlainValues.DeepClone(execution.Parameters)!;
                    resumed.Add(Task.Run(() => RunAsync(found.Action, parameters, found.ActionDirectory, execution.Context, execution.Id, cancellationToken: stopping), CancellationToken.None));
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return resumed;
    }

    private static bool HoldsMask(object? value) => value switch
    {
        ActionParameterResolver.Mask => true,
        Dictionary<string, object?> dict => dict.Values.Any(HoldsMask),
        List<object?> list => list.Any(HoldsMask),
        _ => false,
    };

    /// <summary>True when <paramref name="execution"/> is <c>scheduled</c> or <c>running</c> with a runner that finishes in process
    /// and this service is not running it: the process that ran it stopped.</summary>
    public bool WasInterrupted(ExecutionState execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return execution.Status is ExecutionStatus.Scheduled or ExecutionStatus.Running
            && !running.ContainsKey(execution.Id)
            && (!runners.TryGet(execution.Runner, out var runner) || runner.CompletesInProcess);
    }

    /// <summary>True while this service runs the execution (a redelivery then waits for it instead of failing it).</summary>
    public bool IsRunningHere(string executionId) => running.ContainsKey(executionId);

    private async Task<ExecutionState> RunRequestedAsync(ActionSpec action, RunnerTypeSpec? runnerType, ResolvedParameters resolved, ExecutionState execution, string actionDirectory, string id, Dictionary<string, object?> parameters, IReadOnlyDictionary<string, object?>? templateContext, IReadOnlyCollection<string>? secretParameters, RunningExecution entry, CancellationToken cancellationToken)
    {

        if (!action.Enabled)
        {
            return await CompleteAsync(execution, RunnerOutcome.Failure($"Action {action.Ref} is disabled."), cancellationToken).ConfigureAwait(false);
        }

        // The runner catalogue says which runners run, and which actions of an unsupported runner
        // (core.uuid, core.pause, core.inject_trigger of python-script) run natively.
        if (runnerType is not null && !runnerType.Runs(action.Ref))
        {
            return await CompleteAsync(execution, RunnerOutcome.Failure(
                $"Runner type '{action.RunnerType}' of action {action.Ref} is not supported by ServerlessFlow{(runnerType.UnsupportedReason is { } why ? ": " + why : ".")}"), cancellationToken).ConfigureAwait(false);
        }

        if (!runners.TryGetFor(action.Ref, action.RunnerType, out var runner))
        {
            return await CompleteAsync(execution, RunnerOutcome.Failure(
                $"Runner type '{action.RunnerType}' of action {action.Ref} is not available in this host (available: {string.Join(", ", runners.Names.Order(StringComparer.Ordinal))})."), cancellationToken).ConfigureAwait(false);
        }

        if (policies is not null)
        {
            execution = await ApplyConcurrencyAsync(execution, cancellationToken).ConfigureAwait(false);
            if (execution.Status is not ExecutionStatus.Requested)
            {
                // Canceled by its policy, or by someone else while it waited delayed.
                return execution;
            }
        }

        // One write for both steps: the log still shows scheduled then running, and a Table round trip per action is saved.
        // The write is the claim: it names the version read, so of two deliveries racing for one requested execution only one
        // moves it on and runs the action; the other finds it taken and returns it as stored.
        var scheduled = execution.WithStatus(ExecutionStatus.Scheduled, time.GetUtcNow());
        try
        {
            execution = await executions.UpdateAsync(scheduled.WithStatus(ExecutionStatus.Running, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return await executions.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? execution;
        }

        var request = new ActionRunRequest
        {
            ExecutionId = id,
            ActionRef = action.Ref,
            RunnerParameters = resolved.RunnerParameters,
            ActionParameters = resolved.ActionParameters,
            ParameterSchema = action.Parameters.ToDictionary(p => p.Key, p => (object?)new Dictionary<string, object?>(p.Value.Schema, StringComparer.Ordinal), StringComparer.Ordinal),
            EntryPointPath = string.IsNullOrEmpty(action.EntryPoint) ? null : Path.GetFullPath(Path.Combine(actionDirectory, action.EntryPoint)),
            ExtraEnvironment = resolved.ExtraEnvironment,
            User = execution.Context.User,
            TraceTag = execution.Context.TraceTag,
            ParentExecutionId = execution.Context.ParentExecutionId,
        };

        RunnerOutcome outcome;
        using var runToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, entry.Cancel.Token);
        using var stopWatching = new CancellationTokenSource();
        Task watching = cancelPoll is { } poll && runner.CompletesInProcess
            ? WatchForCancelAsync(id, poll, entry.Cancel, stopWatching.Token)
            : Task.CompletedTask;
        try
        {
            outcome = await runner.RunAsync(request, runToken.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (entry.Cancel.IsCancellationRequested)
        {
            // Canceled on request (st2's request_cancellation): the runner has killed the action's process tree; the record,
            // canceling since the request, ends canceled with the request's result, as st2's runner container leaves it.
            outcome = new RunnerOutcome(ExecutionStatus.Canceled, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new RunnerOutcome(ExecutionStatus.Canceled, null);
            cancellationToken = CancellationToken.None;
        }
#pragma warning disable CA1031 // A runner bug must end the execution as failed with the reason, not leave it running forever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = RunnerOutcome.Failure($"Runner '{runner.Name}' failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            await stopWatching.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }

        if (entry.Cancel.IsCancellationRequested)
        {
            // Canceled on request, even when the action ended on its own while the cancel was on its way: st2 keeps a canceled
            // record canceled, with the result its request_cancellation wrote.
            outcome = new RunnerOutcome(ExecutionStatus.Canceled, (await executions.GetAsync(id, CancellationToken.None).ConfigureAwait(false))?.Result);
        }

        if (outcome.Status == execution.Status && !outcome.Status.IsCompleted() && outcome.Result is null)
        {
            // Nothing to record (a workflow runner reports the orchestration started: running). Not writing matters: the
            // orchestration records its own progress from now on, and may already have.
            return execution;
        }

        ExecutionState done = await CompleteAsync(execution, outcome, cancellationToken).ConfigureAwait(false);
        if (policies?.RetryAfter(done) is { } retry)
        {
            await RetryAsync(action, parameters, actionDirectory, done, retry, templateContext, secretParameters, cancellationToken).ConfigureAwait(false);
        }

        return done;
    }

    /// <summary>st2's result for an execution canceled on request (its <c>request_cancellation</c>).</summary>
    public static Dictionary<string, object?> CanceledByUserResult(string? requester) => new(StringComparer.Ordinal)
    {
        ["message"] = "Action canceled by user.",
        ["user"] = requester,
    };

    /// <summary>
    /// st2's <c>request_cancellation</c> for an action that is not a workflow: one that has not started (<c>requested</c>,
    /// <c>delayed</c>) is <c>canceled</c> at once (a waiting scheduler finds it so and never runs it); one that is
    /// <c>scheduled</c> or <c>running</c> becomes <c>canceling</c> with st2's result, and the process running it kills the
    /// action (its whole process group) and records it <c>canceled</c> — at once when that is this process, else when its
    /// poll reads the record (see the constructor's <c>cancelPoll</c>); one that nothing runs any more (its process stopped)
    /// is <c>canceled</c> at once. A completed or already canceling execution is returned as it is. Returns the record as stored.
    /// </summary>
    public async Task<ExecutionState> RequestCancellationAsync(ExecutionState execution, string? requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        for (var attempt = 1; ; attempt++)
        {
            if (execution.Status.IsCompleted() || execution.Status == ExecutionStatus.Canceling)
            {
                return execution;
            }

            if (execution.Status is ExecutionStatus.Requested or ExecutionStatus.Delayed || (cancelPoll is null && WasInterrupted(execution)))
            {
                return await CompleteAsync(execution, new RunnerOutcome(ExecutionStatus.Canceled, CanceledByUserResult(requester)), cancellationToken).ConfigureAwait(false);
            }

            if (execution.Status is not (ExecutionStatus.Scheduled or ExecutionStatus.Running))
            {
                // Pending, paused and the like belong to workflows and inquiries, which cancel their own way.
                return execution;
            }

            try
            {
                var canceling = await executions.UpdateAsync(
                    execution.WithStatus(ExecutionStatus.Canceling, time.GetUtcNow()) with { Result = CanceledByUserResult(requester) },
                    cancellationToken).ConfigureAwait(false);
                if (running.TryGetValue(execution.Id, out var here))
                {
                    try
                    {
                        await here.Cancel.CancelAsync().ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException)
                    {
                        // It ended meanwhile; its record is final (canceled, as it saw the canceling record when it completed).
                    }
                }

                return canceling;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictAttempts)
            {
                execution = await executions.GetAsync(execution.Id, cancellationToken).ConfigureAwait(false) ?? execution;
            }
        }
    }

    /// <summary>st2's orquesta runner cancels a workflow's children with it: every action still to run or running under the
    /// workflow <paramref name="parentId"/> (under an ActionChain, as st2's chain runner does, only its child workflows) (and, through its sub-workflows, under them) is canceled as
    /// <see cref="RequestCancellationAsync"/> does; the sub-workflows themselves get the cancel from their parent's
    /// orchestration. <paramref name="isWorkflow"/> tells a sub-workflow's execution from an action's. Returns how many were
    /// asked to cancel.</summary>
    public async Task<int> CancelChildrenAsync(string parentId, string? requester, Func<ExecutionState, CancellationToken, Task<bool>> isWorkflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isWorkflow);

        // st2's action-chain runner cascades a cancel to its child workflows only (action_chain_runner.cancel): a running
        // plain node finishes, and the chain ends canceled before its next node. Orquesta cancels every active child.
        var plainChildrenToo = (await executions.GetAsync(parentId, cancellationToken).ConfigureAwait(false))?.Runner != WorkflowRunnerTypes.ActionChain;
        var canceled = 0;
        string? token = null;
        do
        {
            var page = await executions.ListAsync(new ExecutionQuery { Parent = parentId, Limit = 1000, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var child in page.Items.Where(c => !c.Status.IsCompleted()))
            {
                if (await isWorkflow(child, cancellationToken).ConfigureAwait(false))
                {
                    canceled += await CancelChildrenAsync(child.Id, requester, isWorkflow, cancellationToken).ConfigureAwait(false);
                }
                else if (plainChildrenToo && child.Status is ExecutionStatus.Requested or ExecutionStatus.Delayed or ExecutionStatus.Scheduled or ExecutionStatus.Running)
                {
                    await RequestCancellationAsync(child, requester, cancellationToken).ConfigureAwait(false);
                    canceled++;
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return canceled;
    }

    /// <summary>Where another process may write the cancel (the Functions app): reads the running execution's record every
    /// <paramref name="poll"/> and stops the action when it is <c>canceling</c>.</summary>
    private async Task WatchForCancelAsync(string id, TimeSpan poll, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                await Task.Delay(poll, time, stop).ConfigureAwait(false);
                try
                {
                    if ((await executions.GetAsync(id, stop).ConfigureAwait(false))?.Status is ExecutionStatus.Canceling)
                    {
                        await cancel.CancelAsync().ConfigureAwait(false);
                    }
                }
#pragma warning disable CA1031 // A store hiccup must not end the action: the next poll reads the record again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The action ended.
        }
    }

    /// <summary>An execution this process runs: its outcome for redeliveries, and the switch that cancels it.</summary>
    private sealed class RunningExecution : IDisposable
    {
        public TaskCompletionSource<ExecutionState> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancel { get; } = new();

        public void Dispose() => Cancel.Dispose();
    }

    /// <summary>
    /// st2's scheduler with the concurrency policies (<c>_regulate_and_schedule</c>): below the thresholds the execution goes
    /// on (back to <c>requested</c> when it was <c>delayed</c>, as st2's log shows); at a threshold with <c>delay</c> it is
    /// recorded <c>delayed</c> and tried again every <see cref="ActionPolicies.DelayedRecheck"/>; with <c>cancel</c> it goes
    /// <c>canceling</c> then <c>canceled</c> without running, its result st2's (the empty result it had). Returns the
    /// execution as stored: <c>requested</c> when it may run.
    /// </summary>
    private async Task<ExecutionState> ApplyConcurrencyAsync(ExecutionState execution, CancellationToken cancellationToken)
    {
        while (true)
        {
            ConcurrencyDecision decision = await policies!.ApplyBeforeAsync(execution, cancellationToken).ConfigureAwait(false);
            ExecutionStatus next = decision switch
            {
                ConcurrencyDecision.Schedule => ExecutionStatus.Requested,
                ConcurrencyDecision.Cancel => ExecutionStatus.Canceling,
                _ => ExecutionStatus.Delayed,
            };
            if (next != execution.Status)
            {
                try
                {
                    execution = await executions.UpdateAsync(execution.WithStatus(next, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyConflictException)
                {
                    // Someone else wrote it meanwhile (canceled it through the API, or a redelivery moved it on): theirs stands.
                    ExecutionState current = await executions.GetAsync(execution.Id, cancellationToken).ConfigureAwait(false) ?? execution;
                    if (current.Status is not (ExecutionStatus.Requested or ExecutionStatus.Delayed))
                    {
                        if (current.Status.IsCompleted())
                        {
                            await policies.ReleaseAsync(current, cancellationToken).ConfigureAwait(false);
                        }

                        return current;
                    }

                    execution = current;
                    continue;
                }
            }

            switch (decision)
            {
                case ConcurrencyDecision.Schedule:
                    return execution;
                case ConcurrencyDecision.Cancel:
                    return await CompleteAsync(execution, new RunnerOutcome(ExecutionStatus.Canceled, new Dictionary<string, object?>(StringComparer.Ordinal)), cancellationToken)
                        .ConfigureAwait(false);
                default:
                    await Task.Delay(policies.DelayedRecheck, time, cancellationToken).ConfigureAwait(false);
                    execution = await executions.GetAsync(execution.Id, cancellationToken).ConfigureAwait(false) ?? execution;
                    if (execution.Status is not (ExecutionStatus.Requested or ExecutionStatus.Delayed))
                    {
                        return execution;
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// st2's retry policy (<c>_re_run_live_action</c>): after the policy's <c>delay</c>, a new execution of the same action with
    /// the same parameters and context, its <c>context.policies.retry</c> naming the policy, the retry's number and the
    /// execution retried; it runs like any other (policies included, so it may be retried again). The retries run before
    /// the first execution's run returns.
    /// </summary>
    private async Task RetryAsync(
        ActionSpec action,
        Dictionary<string, object?> parameters,
        string actionDirectory,
        ExecutionState retried,
        RetryPlan retry,
        IReadOnlyDictionary<string, object?>? templateContext,
        IReadOnlyCollection<string>? secretParameters,
        CancellationToken cancellationToken)
    {
        if (retry.Delay > TimeSpan.Zero)
        {
            await Task.Delay(retry.Delay, time, cancellationToken).ConfigureAwait(false);
        }

        var context = retried.Context with { Retry = new RetryContextState(retry.PolicyRef, retry.RetryCount, retried.Id) };
        await RunAsync(action, parameters, actionDirectory, context, RecordIds.New(time), templateContext, cancellationToken, secretParameters).ConfigureAwait(false);
    }

    /// <summary>Checks <paramref name="parameters"/> and stores a <c>requested</c> execution of <paramref name="action"/> without
    /// running it; <see cref="RunAsync"/> with the same id runs it later. Throws <see cref="ActionParameterException"/> (before
    /// anything is stored) when the parameters are not acceptable.</summary>
    public async Task<ExecutionState> RequestAsync(
        ActionSpec action,
        Dictionary<string, object?> parameters,
        ExecutionContextState? context = null,
        string? executionId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var templates = await TemplatesAsync(action, null, cancellationToken).ConfigureAwait(false);
        var resolved = ActionParameterResolver.Resolve(action, runnerTypes.Find(action.RunnerType), parameters, templates);
        var requested = ExecutionState.Create(
            executionId ?? RecordIds.New(time), action.Ref, action.RunnerType, resolved.MaskedGiven, context ?? new ExecutionContextState(), time.GetUtcNow())
            with { Definition = DefinitionOf(action) };
        var (execution, _) = await executions.CreateAsync(requested, cancellationToken).ConfigureAwait(false);
        return execution;
    }

    /// <summary>The loaded action <paramref name="actionRef"/> names, when this service was given the packs.</summary>
    public ActionSpec? FindAction(string actionRef) => findAction?.Invoke(actionRef);

    /// <summary>The parameters with those <paramref name="actionRef"/> declares <c>secret</c> masked, as an execution record
    /// stores them (st2's <c>mask_secret_parameters</c>); unchanged when the loaded packs do not know the action.</summary>
    public Dictionary<string, object?> MaskSecrets(string actionRef, Dictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return findAction?.Invoke(actionRef) is { } action ? ActionParameterResolver.MaskSecrets(action, parameters) : parameters;
    }

    /// <summary>Records an execution of <paramref name="action"/> that was canceled before it ran (a workflow task canceled
    /// while it waited on its <c>delay</c>, which StackStorm records <c>canceled</c>): stored <c>requested</c>, then completed
    /// <c>canceled</c> with <paramref name="result"/> (dispatching the action trigger as any completion does). Idempotent by
    /// <paramref name="executionId"/>: an execution already past <c>requested</c> is returned unchanged. Parameters that do not
    /// resolve are not stored (unresolved, they could not be masked); the execution is still recorded.</summary>
    public async Task<ExecutionState> RecordCanceledBeforeRunAsync(
        ActionSpec action,
        Dictionary<string, object?> parameters,
        ExecutionContextState context,
        string executionId,
        object? result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        Dictionary<string, object?> masked;
        try
        {
            masked = ActionParameterResolver.Resolve(action, runnerTypes.Find(action.RunnerType), parameters, new ParameterTemplate(expressions, keyValues)).MaskedGiven;
        }
        catch (ActionParameterException)
        {
            masked = new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        var requested = ExecutionState.Create(executionId, action.Ref, action.RunnerType, masked, context, time.GetUtcNow()) with { Definition = DefinitionOf(action) };
        var (execution, _) = await executions.CreateAsync(requested, cancellationToken).ConfigureAwait(false);
        if (execution.Status != ExecutionStatus.Requested)
        {
            return execution;
        }

        return await CompleteAsync(execution, new RunnerOutcome(ExecutionStatus.Canceled, result), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pack content <paramref name="action"/> comes from, as the loaded packs say now.</summary>
    public ExecutionDefinition? DefinitionOf(ActionSpec action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return findPack?.Invoke(action.Pack) is { } pack ? new ExecutionDefinition(pack.Ref, pack.Version, pack.ContentHash) : null;
    }

    /// <summary>The parameter renderer of one run: <c>config_context</c> is the action's pack configuration when a default names
    /// it (read, and its secrets decrypted, only then); a configuration that is not valid refuses the run, naming its file.</summary>
    private async Task<ParameterTemplate> TemplatesAsync(ActionSpec action, IReadOnlyDictionary<string, object?>? templateContext, CancellationToken cancellationToken)
    {
        if (configs is null
            || findPack?.Invoke(action.Pack) is not { } pack
            || !action.EffectiveParameters.Values.Any(p => p.Default is not null && JsonText.Serialize(p.Default).Contains("config_context", StringComparison.Ordinal)))
        {
            return new ParameterTemplate(expressions, keyValues, templateContext) { GivenCommandIsTemplate = templateContext is not null };
        }

        PackConfig config;
        try
        {
            config = await configs.ResolveAsync(pack, cancellationToken).ConfigureAwait(false);
        }
        catch (PackConfigException ex)
        {
            throw new ActionParameterException($"Action {action.Ref}: {ex.Message}", ex);
        }

        var context = new Dictionary<string, object?>(templateContext ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
        {
            ["config_context"] = config.Values,
        };
        return new ParameterTemplate(expressions, keyValues, context) { GivenCommandIsTemplate = templateContext is not null };
    }

    private static Dictionary<string, object?> MaskAlso(Dictionary<string, object?> masked, IReadOnlyCollection<string>? names)
    {
        if (names is null)
        {
            return masked;
        }

        foreach (var name in names)
        {
            if (masked.TryGetValue(name, out var value) && value is not null)
            {
                masked[name] = ActionParameterResolver.Mask;
            }
        }

        return masked;
    }

    /// <summary>The stored execution with this id, or null.</summary>
    public Task<ExecutionState?> GetExecutionAsync(string id, CancellationToken cancellationToken = default) => executions.GetAsync(id, cancellationToken);

    /// <summary>Records a runner outcome on an execution (also used when a pending inquiry is answered or a workflow ends) and
    /// dispatches the action trigger when the execution is now complete. When someone else wrote the execution since it was
    /// read, it is read again: if it has ended (or already has this status) that record stands and is returned, without a
    /// second action trigger; otherwise the outcome is applied to it.</summary>
    public async Task<ExecutionState> CompleteAsync(ExecutionState execution, RunnerOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(outcome);
        var now = time.GetUtcNow();
        ExecutionState stored;
        for (var attempt = 1; ; attempt++)
        {
            var next = execution;
            if (outcome.Status.IsCompleted() && !ExecutionStatuses.CanTransition(execution.Status, outcome.Status))
            {
                // requested → succeeded is not a legal jump; go through running as st2 does.
                next = next.WithStatus(ExecutionStatus.Running, now);
            }

            next = next.WithStatus(outcome.Status, now) with { Result = outcome.Result };
            try
            {
                stored = await executions.UpdateAsync(next, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictAttempts)
            {
                execution = await executions.GetAsync(execution.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Execution {execution.Id} disappeared while its outcome was being recorded.");
                if (execution.Status.IsCompleted() || execution.Status == outcome.Status)
                {
                    return execution;
                }
            }
        }

        if (stored.Status.IsCompleted() && policies is not null)
        {
            await policies.ReleaseAsync(stored, cancellationToken).ConfigureAwait(false);
        }

        if (stored.Status.IsCompleted() && triggers is not null)
        {
            await triggers.DispatchAsync(ActionTrigger, ActionTriggerPayload(stored), stored.Context.TraceTag, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (findAction?.Invoke(stored.Action) is { Notify: { Count: > 0 } notify } && await NotifiesAsync(stored, cancellationToken).ConfigureAwait(false))
            {
                foreach (var payload in ActionNotifications.Payloads(stored, notify, expressions, keyValues, now))
                {
                    await triggers.DispatchAsync(ActionNotifications.NotifyTrigger, payload, stored.Context.TraceTag, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return stored;
    }

    /// <summary>st2's <c>_is_notify_skipped</c>: an execution inside a workflow notifies only when it is a task the workflow's
    /// <c>notify</c> parameter names.</summary>
    private async Task<bool> NotifiesAsync(ExecutionState execution, CancellationToken cancellationToken)
    {
        if (execution.Context.ParentExecutionId is not { } parentId)
        {
            return true;
        }

        if (execution.Context.ParentTaskName is not { } task)
        {
            return false;
        }

        var parent = await executions.GetAsync(parentId, cancellationToken).ConfigureAwait(false);
        return parent?.Parameters.GetValueOrDefault("notify") is List<object?> tasks && tasks.Contains(task);
    }

    /// <summary>st2's actiontrigger payload: execution_id, status, start_timestamp, action_name, action_ref, runner_ref,
    /// parameters (masked), result.</summary>
    public static Dictionary<string, object?> ActionTriggerPayload(ExecutionState execution) => new(StringComparer.Ordinal)
    {
        ["execution_id"] = execution.Id,
        ["status"] = execution.Status.ToApiName(),
        ["start_timestamp"] = PlainRecord.FormatTimestamp(execution.StartTimestamp),
        ["action_name"] = execution.Action,
        ["action_ref"] = execution.Action,
        ["runner_ref"] = execution.Runner,
        ["parameters"] = PlainValues.DeepClone(execution.Parameters),
        ["result"] = PlainValues.DeepClone(execution.Result),
    };
}
