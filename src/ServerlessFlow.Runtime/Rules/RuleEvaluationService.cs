using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Rules;

/// <summary>Use case: evaluate the rules for one trigger instance — match, record one enforcement per matching rule (keyed by
/// instance and rule, so a redelivered instance enforces nothing twice), run each rule's action under a deterministic
/// execution id, and mark the instance processed.</summary>
public sealed class RuleEvaluationService
{
    private const int ConflictAttempts = 5;

    private readonly RuleRegistry rules;
    private readonly PackCatalog packs;
    private readonly IEnforcementStore enforcements;
    private readonly ITriggerInstanceStore instances;
    private readonly ActionExecutionService actions;
    private readonly TimeProvider time;
    private readonly IKeyValueLookup? keyValues;

    /// <summary>Creates the service over the enabled rules of <paramref name="packs"/>.</summary>
    public RuleEvaluationService(PackCatalog packs, IEnforcementStore enforcements, ITriggerInstanceStore instances, ActionExecutionService actions, TimeProvider time, IKeyValueLookup? keyValues = null)
        : this(new RuleRegistry(packs, time), packs, enforcements, instances, actions, time, keyValues)
    {
    }

    /// <summary>Creates the service over the rules in force (<see cref="RuleRegistry"/>, compiled once per change, so a host
    /// that binds a service to each Durable client it is handed does not recompile them every time).</summary>
    public RuleEvaluationService(
        RuleRegistry rules, PackCatalog packs, IEnforcementStore enforcements, ITriggerInstanceStore instances, ActionExecutionService actions, TimeProvider time, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules;
        this.packs = packs;
        this.enforcements = enforcements;
        this.instances = instances;
        this.actions = actions;
        this.time = time;
        this.keyValues = keyValues;
    }

    /// <summary>Rules left out because they could not be compiled, and criteria that can never pass ("rule ref: reason").</summary>
    public IReadOnlyList<string> RuleProblems => rules.Compiled.Problems;

    /// <summary>How long matching one instance against the rules may take (criteria, not the actions run after): past it the
    /// instance is marked <c>processing_failed</c>, so a slow event never holds the events behind it. StackStorm has no such bound.</summary>
    public TimeSpan MatchBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Evaluates every rule for <paramref name="instance"/> and runs what matches.</summary>
    public async Task<IReadOnlyList<RuleEvaluationOutcome>> ProcessAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        IReadOnlyList<RuleEnforcementResult> results;
        try
        {
            using var budget = new CancellationTokenSource(MatchBudget, time);
            results = rules.Compiled.Engine.Process(new TriggerInstance(instance.Id, instance.Trigger, instance.TriggerParameters, instance.Payload), keyValues, budget.Token);
        }
        catch (TriggerInstanceException)
        {
            // The instance itself is unusable (e.g. nested beyond the matcher's limit): no redelivery can fix that,
            // so it is marked failed instead of being retried until it is dead-lettered.
            await MarkAsync(instance.Id, TriggerInstanceStatus.ProcessingFailed, cancellationToken).ConfigureAwait(false);
            return [];
        }

        var outcomes = new List<RuleEvaluationOutcome>();
        var failed = false;
        foreach (var result in results)
        {
            var outcome = await EnforceAsync(instance, result, cancellationToken).ConfigureAwait(false);
            failed |= outcome.Enforcement.Status == "failed";
            outcomes.Add(outcome);
        }

        await MarkAsync(instance.Id, failed ? TriggerInstanceStatus.ProcessingFailed : TriggerInstanceStatus.Processed, cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    // Concurrent evaluations of one instance (a message delivered twice at once, a timer fire re-published while pending)
    // meet only at insert-if-absent creates and the execution's claim, never at a versioned update that one of them must
    // lose: the enforcement is written whole at creation (its execution id is derived from its own id), and the few
    // updates left (a failure found while running, an older record without execution id) re-read and re-apply on conflict.
    private async Task<RuleEvaluationOutcome> EnforceAsync(TriggerInstanceState instance, RuleEnforcementResult result, CancellationToken cancellationToken)
    {
        var rule = result.Enforcement;
        var executionId = RecordIds.Derive("execution", rule.Id);
        var action = packs.FindAction(rule.ActionRef);
        var spec = rules.Find(rule.RuleRef);
        var failure = rule.Status == RuleEnforcementStatus.Failed
            ? rule.FailureReason
            : action is null || spec is null ? $"Action '{rule.ActionRef}' of rule '{rule.RuleRef}' is not loaded." : null;
        var runs = failure is null && result.Parameters is not null;
        var (enforcement, created) = await enforcements.CreateAsync(new RuleEnforcementState
        {
            Id = rule.Id,
            RuleRef = rule.RuleRef,
            TriggerInstanceId = instance.Id,
            TriggerType = instance.Trigger,
            ExecutionId = runs ? executionId : null,
            Status = failure is null ? "succeeded" : "failed",
            FailureReason = failure,
            EnforcedAt = time.GetUtcNow(),
            TraceTag = instance.TraceTag,
        }, cancellationToken).ConfigureAwait(false);

        if (enforcement.Status == "failed" || !runs)
        {
            return new RuleEvaluationOutcome(enforcement, null);
        }

        if (!created && await actions.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false) is { } existing
            && existing.Status != ExecutionStatus.Requested)
        {
            // Redelivery: the action ran (or runs) already.
            return new RuleEvaluationOutcome(await WithExecutionAsync(enforcement, executionId, cancellationToken).ConfigureAwait(false), existing);
        }

        // Only what the rule itself sets is handed over; the action's defaults are filled in (and rendered) by the run itself.
        // A shell command the rule writes is passed as its template, so trigger values reach the shell only as variables.
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, raw) in spec!.Action.Parameters)
        {
            given[name] = action!.RunnerType == "local-shell-cmd" && name == "cmd" && raw is string template
                ? template
                : result.Parameters!.Values.GetValueOrDefault(name);
        }

        ExecutionState execution;
        try
        {
            execution = await actions.RunAsync(
                action!,
                given,
                ActionDirectory(action!),
                new ExecutionContextState
                {
                    TriggerInstanceId = instance.Id,
                    TriggerType = instance.Trigger,
                    RuleRef = rule.RuleRef,
                    EnforcementId = enforcement.Id,
                    TraceTag = instance.TraceTag,
                },
                executionId,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["trigger"] = instance.Payload },
                cancellationToken,
                result.Parameters!.SecretNames).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            return new RuleEvaluationOutcome(await FailAsync(enforcement, ex.Message, cancellationToken).ConfigureAwait(false), null);
        }

        return new RuleEvaluationOutcome(await WithExecutionAsync(enforcement, execution.Id, cancellationToken).ConfigureAwait(false), execution);
    }

    private string ActionDirectory(ActionSpec action) =>
        Path.Combine(packs.FindPack(action.Pack)?.Location ?? ".", "actions");

    /// <summary>Marks the enforcement failed (no execution); a concurrent evaluation that failed it first is left as it is.</summary>
    private Task<RuleEnforcementState> FailAsync(RuleEnforcementState enforcement, string reason, CancellationToken cancellationToken) =>
        UpdateEnforcementAsync(
            enforcement,
            stored => stored.Status == "failed" ? null : stored with { Status = "failed", FailureReason = reason, ExecutionId = null },
            cancellationToken);

    /// <summary>Names the execution on an enforcement written without one (by an earlier version, which set it afterwards).</summary>
    private Task<RuleEnforcementState> WithExecutionAsync(RuleEnforcementState enforcement, string executionId, CancellationToken cancellationToken) =>
        UpdateEnforcementAsync(enforcement, stored => stored.ExecutionId is null ? stored with { ExecutionId = executionId } : null, cancellationToken);

    /// <summary>Applies <paramref name="change"/> (null: nothing to change) with the stored version; when another evaluation
    /// wrote first, reads the record again and re-applies, so a conflict never fails the evaluation.</summary>
    private async Task<RuleEnforcementState> UpdateEnforcementAsync(
        RuleEnforcementState enforcement, Func<RuleEnforcementState, RuleEnforcementState?> change, CancellationToken cancellationToken)
    {
        var current = enforcement;
        for (var attempt = 1; ; attempt++)
        {
            if (change(current) is not { } next)
            {
                return current;
            }

            try
            {
                return await enforcements.UpdateAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictAttempts)
            {
                current = await enforcements.GetAsync(enforcement.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Rule enforcement {enforcement.Id} disappeared while it was being updated.");
            }
        }
    }

    private async Task MarkAsync(string instanceId, TriggerInstanceStatus status, CancellationToken cancellationToken)
    {
        var stored = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Status == status)
        {
            return;
        }

        try
        {
            await instances.UpdateAsync(stored with { Status = status }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Another delivery of the same instance got there first; its status stands.
        }
    }
}
