namespace ServerlessFlow.Core.Packs;

/// <summary>One top-level StackStorm criterion of a rule's <c>criteria</c>: the payload path, the operator and its pattern.</summary>
/// <param name="Key">The payload path (<c>trigger.body.name</c>), with any <c>#…</c> suffix as written.</param>
/// <param name="Type">The comparison operator as written (<c>equals</c>, <c>MatchRegex</c>…; case does not matter).</param>
/// <param name="Pattern">The value compared against (any plain value, may be a template; for a search, the child criteria).</param>
public sealed record RuleCriterionSpec(string Key, string Type, object? Pattern)
{
    /// <summary>A search's <c>condition</c> (<c>any</c>, <c>all</c>, <c>any2any</c>, <c>all2any</c>); null when not written.</summary>
    public string? Condition { get; init; }
}
