namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>A trigger-bus message: a pointer to a stored trigger instance (the payload stays in the
/// store, so a message never nears the queue's size limit).</summary>
/// <param name="TriggerInstanceId">The instance id; also the Service Bus MessageId, for duplicate detection.</param>
/// <param name="TraceTag">The trace tag, carried for telemetry.</param>
internal sealed record TriggerMessage(string TriggerInstanceId, string? TraceTag);
