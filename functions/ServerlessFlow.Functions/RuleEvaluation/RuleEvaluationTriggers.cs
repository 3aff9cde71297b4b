using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Workflows;
#if SERVICEBUS_TRIGGER
using Azure.Messaging.ServiceBus;
#else
using Azure.Storage.Queues.Models;
#endif

namespace ServerlessFlow.Functions.RuleEvaluation;

/// <summary>Rule evaluation, bound to the trigger bus: a Storage Queue trigger in the default build,
/// a Service Bus trigger when built with <c>-p:ServiceBusTrigger=true</c>. Both call
/// <see cref="TriggerMessageHandler"/>. Each takes the Durable client and passes it on, so an enforced Orquesta workflow
/// action starts its orchestration (<see cref="DurableClients"/>).</summary>
internal sealed class RuleEvaluationTriggers(TriggerMessageHandler handler)
{
    /// <summary>Function name of the Storage Queue trigger.</summary>
    public const string QueueFunctionName = "EvaluateRulesFromQueue";

    /// <summary>Function name of the Service Bus trigger.</summary>
    public const string ServiceBusFunctionName = "EvaluateRulesFromServiceBus";

    /// <summary>Whether this build contains the Service Bus trigger.</summary>
#if SERVICEBUS_TRIGGER
    public const bool ServiceBusCompiled = true;
#else
    public const bool ServiceBusCompiled = false;
#endif

#if !SERVICEBUS_TRIGGER
    /// <summary>Storage Queue trigger. A poison message is written at once to <c>&lt;queue&gt;-poison</c> with its
    /// reason; transient failures throw and the host retries up to maxDequeueCount (host.json), then
    /// moves the message to the same poison queue.</summary>
    [Function(QueueFunctionName)]
    [QueueOutput("%" + AppSettingNames.TriggerQueue + "%-poison", Connection = AppSettingNames.TriggerQueueConnection)]
    public async Task<string?> RunFromQueueAsync(
        [QueueTrigger("%" + AppSettingNames.TriggerQueue + "%", Connection = AppSettingNames.TriggerQueueConnection)] QueueMessage message,
        [DurableClient] DurableTaskClient? durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = await handler.HandleAsync(null, message.Body, DurableClients.Of(durableClient), cancellationToken).ConfigureAwait(false);
        return outcome.IsPoison ? PoisonRecord(outcome, message.Body) : null;
    }
#endif

#if SERVICEBUS_TRIGGER
    /// <summary>Service Bus trigger (duplicate detection on the queue drops a resend of the same
    /// MessageId). A poison message is dead-lettered at once with its reason; transient failures
    /// abandon the message, and Service Bus dead-letters it after maxDeliveryCount.</summary>
    [Function(ServiceBusFunctionName)]
    public async Task RunFromServiceBusAsync(
        [ServiceBusTrigger("%" + AppSettingNames.TriggerQueue + "%", Connection = AppSettingNames.ServiceBusConnection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        [DurableClient] DurableTaskClient? durableClient,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(actions);
        var outcome = await handler.HandleAsync(message.MessageId, message.Body, DurableClients.Of(durableClient), cancellationToken).ConfigureAwait(false);
        if (outcome.IsPoison)
        {
            await actions.DeadLetterMessageAsync(message, propertiesToModify: null, deadLetterReason: outcome.PoisonReason, deadLetterErrorDescription: outcome.PoisonDescription, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await actions.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }
#endif

    /// <summary>The poison-queue record: reason, description and the original body as text.</summary>
    internal static string PoisonRecord(TriggerMessageOutcome outcome, BinaryData body) =>
        JsonText.Serialize(new Dictionary<string, object?>
        {
            ["reason"] = outcome.PoisonReason,
            ["description"] = outcome.PoisonDescription,
            ["message"] = body.ToString(),
        });
}
