using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Rules;

/// <summary>What one matching rule did with one trigger instance: its enforcement and, when it ran, the execution.</summary>
/// <param name="Enforcement">The stored enforcement.</param>
/// <param name="Execution">The execution it started (or found from an earlier delivery); null when the enforcement failed.</param>
public sealed record RuleEvaluationOutcome(RuleEnforcementState Enforcement, ExecutionState? Execution);
