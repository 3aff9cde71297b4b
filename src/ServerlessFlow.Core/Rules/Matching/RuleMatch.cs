namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>A rule that matched a trigger instance, or that failed while being evaluated (then <see cref="Error"/> says why).</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Matched">True when every criterion passed.</param>
/// <param name="Error">The evaluation error StackStorm would record as a failed enforcement, else null.</param>
public sealed record RuleMatch(CompiledRule Rule, bool Matched, string? Error);
