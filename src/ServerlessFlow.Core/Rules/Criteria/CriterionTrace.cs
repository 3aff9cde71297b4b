namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>What one criterion saw and decided: the answer to "why did my rule not fire".</summary>
/// <param name="Key">The key as written (with any <c>#…</c> suffix), or <c>and</c> / <c>or</c> / <c>not</c>, or <c>item[n]</c> inside a search.</param>
/// <param name="Operator">The operator name as written (or the group kind).</param>
/// <param name="Pattern">The pattern after Jinja rendering.</param>
/// <param name="Value">The payload value the key resolved to (null when absent).</param>
/// <param name="Passed">Whether the criterion passed.</param>
/// <param name="Reason">Why it failed when it could not be evaluated (an error), else null.</param>
/// <param name="Children">The members of a group or the per-item results of a search.</param>
public sealed record CriterionTrace(
    string Key,
    string Operator,
    object? Pattern,
    object? Value,
    bool Passed,
    string? Reason,
    IReadOnlyList<CriterionTrace> Children);
