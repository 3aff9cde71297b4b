using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Telemetry;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>The one code path behind both rule-evaluation triggers (Service Bus and Storage Queue):
/// reads the <see cref="TriggerBusMessage"/>, rejects what can never succeed as poison with a reason,
/// and hands the instance to the processor.</summary>
internal sealed class TriggerMessageHandler(ITriggerInstanceProcessor processor)
{
    /// <summary>Dead-letter reason: the body is not a trigger-bus message.</summary>
    public const string MalformedReason = "MalformedTriggerMessage";

    /// <summary>Dead-letter reason: the transport message id and the body's id disagree.</summary>
    public const string MismatchReason = "TriggerMessageIdMismatch";

    /// <summary>Handles one message. <paramref name="transportMessageId"/> is the Service Bus MessageId
    /// (null for Storage Queue messages, whose ids are assigned by the service); enforced workflows start through
    /// <paramref name="workflows"/>, the invocation's Durable client.</summary>
    public async Task<TriggerMessageOutcome> HandleAsync(string? transportMessageId, BinaryData body, IOrchestrationClient workflows, CancellationToken cancellationToken)
    {
        var message = TriggerBusMessage.TryRead(body, out var problem);
        if (message is null)
        {
            return TriggerMessageOutcome.Poison(MalformedReason, problem!);
        }

        if (transportMessageId is not null && !string.Equals(transportMessageId, message.TriggerInstanceId, StringComparison.Ordinal))
        {
            return TriggerMessageOutcome.Poison(MismatchReason,
                $"MessageId \"{transportMessageId}\" differs from the body's id \"{message.TriggerInstanceId}\"; the sender must set MessageId to the trigger instance id.");
        }

        using var activity = SflowTelemetry.Source.StartActivity("evaluate rules");
        activity?.SetTag(SflowTelemetry.TriggerInstanceAttribute, message.TriggerInstanceId);
        activity?.SetTag(SflowTelemetry.TraceTagAttribute, message.TraceTag);
        try
        {
            await processor.ProcessAsync(message, workflows, cancellationToken).ConfigureAwait(false);
        }
        catch (PoisonMessageException ex)
        {
            return TriggerMessageOutcome.Poison(ex.Reason, ex.Message);
        }

        return TriggerMessageOutcome.Processed;
    }
}
