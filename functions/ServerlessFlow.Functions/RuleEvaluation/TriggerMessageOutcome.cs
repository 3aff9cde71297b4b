namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>What to do with a trigger-bus message after handling it.</summary>
/// <param name="PoisonReason">Null: processed, complete the message. Otherwise a short reason code
/// for the dead-letter queue (Service Bus) or the poison queue (Storage).</param>
/// <param name="PoisonDescription">Human-readable detail naming what was wrong.</param>
internal sealed record TriggerMessageOutcome(string? PoisonReason, string? PoisonDescription)
{
    /// <summary>The message was processed.</summary>
    public static TriggerMessageOutcome Processed { get; } = new(null, null);

    /// <summary>True when the message must be dead-lettered.</summary>
    public bool IsPoison => PoisonReason is not null;

    /// <summary>A message that can never succeed, with its reason.</summary>
    public static TriggerMessageOutcome Poison(string reason, string description) => new(reason, description);
}
