namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Thrown by a processor for a message that can never succeed (e.g. it points to no stored
/// instance); the handler dead-letters it with <see cref="Reason"/> instead of retrying.</summary>
internal sealed class PoisonMessageException : Exception
{
    /// <summary>Creates the exception with a short reason code and a description.</summary>
    public PoisonMessageException(string reason, string description)
        : base(description) => Reason = reason;

    /// <summary>Dead-letter reason code.</summary>
    public string Reason { get; }
}
