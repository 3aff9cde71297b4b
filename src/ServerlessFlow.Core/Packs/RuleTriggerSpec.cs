namespace ServerlessFlow.Core.Packs;

/// <summary>The <c>trigger</c> section of a rule: which trigger type, with which parameters.</summary>
/// <param name="Type">The trigger type ref (<c>core.st2.webhook</c>).</param>
/// <param name="Parameters">Trigger parameters (webhook url, timer interval…).</param>
public sealed record RuleTriggerSpec(string Type, IReadOnlyDictionary<string, object?> Parameters);
