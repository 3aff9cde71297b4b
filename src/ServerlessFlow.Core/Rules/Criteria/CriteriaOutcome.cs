namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>The result of evaluating a rule's criteria against one payload.</summary>
/// <param name="Matched">True when every criterion passed.</param>
/// <param name="Error">The first evaluation error StackStorm would have recorded (a failed enforcement), else null.</param>
/// <param name="Trace">Per-criterion detail; empty unless a trace was asked for.</param>
public sealed record CriteriaOutcome(bool Matched, string? Error, IReadOnlyList<CriterionTrace> Trace);
