namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>The enabled rules of one trigger (type + parameters), standard and backstop apart.</summary>
/// <param name="TriggerType">The trigger type ref.</param>
/// <param name="Standard">Rules evaluated first, in order.</param>
/// <param name="Backstop">Rules evaluated only when no standard rule matched.</param>
public sealed record RuleBucket(string TriggerType, IReadOnlyList<CompiledRule> Standard, IReadOnlyList<CompiledRule> Backstop);
