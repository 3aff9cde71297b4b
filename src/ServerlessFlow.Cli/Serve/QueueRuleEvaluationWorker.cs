using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>
/// The consumer of <c>sflow serve</c>'s durable trigger bus on Azurite (the Storage Queue the Functions app reads too): each
/// message names a stored trigger instance, whose rules are evaluated, and the message is deleted only after that, so an event
/// accepted with 202 survives a crash or <c>kill -9</c> and is evaluated after the restart. A stop lets the evaluations in hand
/// finish (a drain) and leaves the rest in the queue. Redelivery is harmless: an instance already processed is skipped, and
/// enforcement and execution ids derive from the instance. Each evaluation uses the rule evaluation <c>rules</c> gives then
/// (built over the packs running, which a pack install or reload changes).
/// </summary>
internal sealed partial class QueueRuleEvaluationWorker(
    QueueClient queue, QueueClient poison, ITriggerInstanceStore instances, Func<RuleEvaluationService> rules, ILogger logger)
{
    private const int Parallelism = 8;
    private const int MaxDeliveries = 5;
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Receives until <paramref name="stopping"/> fires, then waits for the evaluations in hand (they are not cancelled).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        var inHand = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(stopping).ConfigureAwait(false);
                slots.Release();
                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Math.Max(1, slots.CurrentCount), Visibility, stopping).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex)
                {
                    LogReceiveFailed(ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                    continue;
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(IdlePoll, stopping).ConfigureAwait(false);
                    continue;
                }

                foreach (var message in messages)
                {
                    await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    inHand.RemoveAll(t => t.IsCompleted);
                    inHand.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await HandleAsync(message).ConfigureAwait(false);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stop receiving; the evaluations in hand finish below.
        }

        await Task.WhenAll(inHand).ConfigureAwait(false);
    }

    private async Task HandleAsync(QueueMessage message)
    {
        var receipt = new Receipt(message.PopReceipt);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(message.MessageId, receipt, renewing.Token);
        try
        {
            var pointer = TriggerBusMessage.TryRead(message.Body, out var problem);
            if (pointer is null)
            {
                await PoisonAsync(message, receipt, problem!).ConfigureAwait(false);
                return;
            }

            var instance = await instances.GetAsync(pointer.TriggerInstanceId, CancellationToken.None).ConfigureAwait(false);
            if (instance is null)
            {
                await PoisonAsync(message, receipt, $"Trigger instance {pointer.TriggerInstanceId} is not in the store.").ConfigureAwait(false);
                return;
            }

            if (instance.Status == TriggerInstanceStatus.Pending)
            {
                var outcomes = await rules().ProcessAsync(instance, CancellationToken.None).ConfigureAwait(false);
                foreach (var outcome in outcomes)
                {
                    LogEnforced(instance.Id, outcome.Enforcement.RuleRef, outcome.Enforcement.Status, outcome.Execution?.Id, instance.TraceTag);
                }
            }

            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left in the queue: it comes back after the visibility timeout, and is set aside after MaxDeliveries tries.
            LogFailed(ex, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= MaxDeliveries)
            {
                await PoisonAsync(message, receipt, $"{ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            }
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    // A long evaluation (rules run non-workflow actions to their end) keeps its message invisible.
    private async Task RenewAsync(string messageId, Receipt receipt, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, done).ConfigureAwait(false);
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: Visibility, cancellationToken: done).ConfigureAwait(false);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        catch (RequestFailedException ex)
        {
            LogRenewFailed(ex, messageId);
        }
    }

    private async Task PoisonAsync(QueueMessage message, Receipt receipt, string reason)
    {
        LogPoison(message.MessageId, reason);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class Receipt(string value)
    {
        public string Value { get; set; } = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger instance {TriggerInstanceId}: rule {Rule} {Status}, execution {ExecutionId}, trace tag {TraceTag}")]
    private partial void LogEnforced(string triggerInstanceId, string rule, string status, string? executionId, string? traceTag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule evaluation of queue message {MessageId} failed (delivery {DequeueCount})")]
    private partial void LogFailed(Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger bus message {MessageId} set aside in the poison queue: {Reason}")]
    private partial void LogPoison(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the trigger bus failed")]
    private partial void LogReceiveFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing trigger bus message {MessageId} failed")]
    private partial void LogRenewFailed(Exception exception, string messageId);
}
