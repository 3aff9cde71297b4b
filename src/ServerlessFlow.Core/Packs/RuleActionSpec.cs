namespace ServerlessFlow.Core.Packs;

/// <summary>The <c>action</c> section of a rule: which action, with which (template) parameters.</summary>
/// <param name="Ref">The action ref (<c>core.local</c>).</param>
/// <param name="Parameters">Parameters, usually Jinja templates over <c>trigger</c>.</param>
public sealed record RuleActionSpec(string Ref, IReadOnlyDictionary<string, object?> Parameters);
