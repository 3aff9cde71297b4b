using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules;
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
    private readonly RuleEngine engine;
    private readonly PackCatalog packs;
    private readonly IEnforcementStore enforcements;
    private readonly ITriggerInstanceStore instances;
    private readonly ActionExecutionService actions;
    private readonly TimeProvider time;
    private readonly IKeyValueLookup? keyValues;

    /// <summary>Creates the service over the enabled rules of <paramref name="packs"/>.</summary>
    public RuleEvaluationService(PackCatalog packs, IEnforcementStore enforcements, ITriggerInstanceStore instances, ActionExecutionService actions, TimeProvider time, IKeyValueLookup? keyValues = null)
        : this(CompiledRuleEngine.Compile(packs, time), packs, enforcements, instances, actions, time, keyValues)
    {
    }

    /// <summary>Creates the service over rules compiled once (<see cref="CompiledRuleEngine.Compile"/>): a host that binds a
    /// service to each Durable client it is handed does not recompile the rules every time.</summary>
    public RuleEvaluationService(
        CompiledRuleEngine rules, PackCatalog packs, IEnforcementStore enforcements, ITriggerInstanceStore instances, ActionExecutionService actions, TimeProvider time, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.packs = packs;
        this.enforcements = enforcements;
        this.instances = instances;
        this.actions = actions;
        this.time = time;
        this.keyValues = keyValues;
        RuleProblems = rules.Problems;
        engine = rules.Engine;
    }

    /// <summary>Rules left out because they could not be compiled, and criteria that can never pass ("rule ref: reason").</summary>
    public IReadOnlyList<string> RuleProblems { get; }

    /// <summary>Evaluates every rule for <paramref name="instance"/> and runs what matches.</summary>
    public async Task<IReadOnlyList<RuleEvaluationOutcome>> ProcessAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        IReadOnlyList<RuleEnforcementResult> results;
        try
        {
            results = engine.Process(new TriggerInstance(instance.Id, instance.Trigger, instance.TriggerParameters, instance.Payload), keyValues);
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

    private async Task<RuleEvaluationOutcome> EnforceAsync(TriggerInstanceState instance, RuleEnforcementResult result, CancellationToken cancellationToken)
    {
        var rule = result.Enforcement;
        var (enforcement, created) = await enforcements.CreateAsync(new RuleEnforcementState
        {
            Id = rule.Id,
            RuleRef = rule.RuleRef,
            TriggerInstanceId = instance.Id,
            TriggerType = instance.Trigger,
            Status = rule.Status == RuleEnforcementStatus.Failed ? "failed" : "succeeded",
            FailureReason = rule.FailureReason,
            EnforcedAt = time.GetUtcNow(),
            TraceTag = instance.TraceTag,
        }, cancellationToken).ConfigureAwait(false);

        var executionId = RecordIds.Derive("execution", enforcement.Id);
        if (!created && enforcement.ExecutionId is not null)
        {
            return new RuleEvaluationOutcome(enforcement, await actions.GetExecutionAsync(enforcement.ExecutionId, cancellationToken).ConfigureAwait(false));
        }

        if (enforcement.Status == "failed" || result.Parameters is null)
        {
            return new RuleEvaluationOutcome(enforcement, null);
        }

        var action = packs.FindAction(rule.ActionRef);
        var spec = packs.FindRule(rule.RuleRef);
        if (action is null || spec is null)
        {
            return new RuleEvaluationOutcome(await FailAsync(enforcement, $"Action '{rule.ActionRef}' of rule '{rule.RuleRef}' is not loaded.", cancellationToken).ConfigureAwait(false), null);
        }

        // Only what the rule itself sets is handed over; the action's defaults are filled in (and rendered) by the run itself.
        // A shell command the rule writes is passed as its template, so trigger values reach the shell only as variables.
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, raw) in spec.Action.Parameters)
        {
            given[name] = action.RunnerType == "local-shell-cmd" && name == "cmd" && raw is string template
                ? template
                : result.Parameters.Values.GetValueOrDefault(name);
        }

        ExecutionState execution;
        try
        {
            execution = await actions.RunAsync(
                action,
                given,
                ActionDirectory(action),
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
                result.Parameters.SecretNames).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            return new RuleEvaluationOutcome(await FailAsync(enforcement, ex.Message, cancellationToken).ConfigureAwait(false), null);
        }

        enforcement = await enforcements.UpdateAsync(enforcement with { ExecutionId = execution.Id }, cancellationToken).ConfigureAwait(false);
        return new RuleEvaluationOutcome(enforcement, execution);
    }

    private string ActionDirectory(ActionSpec action) =>
        Path.Combine(packs.FindPack(action.Pack)?.Location ?? ".", "actions");

    private Task<RuleEnforcementState> FailAsync(RuleEnforcementState enforcement, string reason, CancellationToken cancellationToken) =>
        enforcements.UpdateAsync(enforcement with { Status = "failed", FailureReason = reason }, cancellationToken);

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
