namespace ServerlessFlow.Core.Packs;

/// <summary>One entry of a rule's <c>criteria</c>: the payload path, the operator and its pattern.</summary>
/// <param name="Key">The payload path (<c>trigger.body.name</c>).</param>
/// <param name="Type">The comparison operator (<c>equals</c>, <c>matchregex</c>…).</param>
/// <param name="Pattern">The value compared against (any plain value, may be a template).</param>
public sealed record RuleCriterionSpec(string Key, string Type, object? Pattern);
