namespace ServerlessFlow.Core.Rules.Matching;

/// <summary>One firing of a trigger: StackStorm's trigger instance (<c>{"trigger": ref, "payload": {...}}</c>).</summary>
/// <param name="Id">The trigger instance id (enforcement ids derive from it).</param>
/// <param name="TriggerType">The trigger type ref (<c>core.st2.webhook</c>).</param>
/// <param name="TriggerParameters">The parameters of the trigger that fired (e.g. the webhook url); null matches
/// every rule of the trigger type, as StackStorm's rule tester does.</param>
/// <param name="Payload">The payload (a plain value).</param>
public sealed record TriggerInstance(string Id, string TriggerType, IReadOnlyDictionary<string, object?>? TriggerParameters, object? Payload);
