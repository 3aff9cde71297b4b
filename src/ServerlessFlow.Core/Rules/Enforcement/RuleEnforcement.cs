namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>The record of one rule acting on one trigger instance. Its id derives from (trigger instance id,
/// rule ref), so evaluating the same instance twice yields the same enforcement.</summary>
/// <param name="Id">Name-based UUID of (trigger instance id, rule ref).</param>
/// <param name="RuleRef">The rule.</param>
/// <param name="TriggerInstanceId">The trigger instance.</param>
/// <param name="ActionRef">The action the rule runs.</param>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="FailureReason">Why it failed; null when it succeeded.</param>
/// <param name="Parameters">The rendered action parameters with secret values masked (empty when rendering failed).</param>
/// <param name="SecretParameters">Names of the parameters that are secret, so every later record can mask them too.</param>
public sealed record RuleEnforcement(
    string Id,
    string RuleRef,
    string TriggerInstanceId,
    string ActionRef,
    RuleEnforcementStatus Status,
    string? FailureReason,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyList<string> SecretParameters)
{
    /// <summary>What masked secret values read as (StackStorm's MASKED_ATTRIBUTE_VALUE).</summary>
    public const string MaskedValue = "********";
}
