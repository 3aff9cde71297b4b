using ServerlessFlow.Core.Rules.Parameters;

namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>An enforcement record plus, when it succeeded, the real (unmasked) parameters to run the action with.</summary>
/// <param name="Enforcement">The record to store (secrets masked).</param>
/// <param name="Parameters">The rendered parameters; null when the enforcement failed.</param>
public sealed record RuleEnforcementResult(RuleEnforcement Enforcement, RenderedParameters? Parameters);
