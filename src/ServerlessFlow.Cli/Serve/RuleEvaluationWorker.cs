using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The consumer of the in-process trigger bus: evaluates the rules for each published trigger instance (a few at a
/// time) with the rules in force when it is read (a pack install or reload changes them). Redelivery is harmless: enforcement
/// ids derive from (instance, rule) and execution ids from the enforcement.</summary>
internal sealed partial class RuleEvaluationWorker(InMemoryTriggerBus bus, Func<RuleEvaluationService> rules, ILogger logger)
{
    private const int Parallelism = 8;

    /// <summary>Reads the bus until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            bus.Reader.ReadAllAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (instance, token) =>
            {
                try
                {
                    var outcomes = await rules().ProcessAsync(instance, token).ConfigureAwait(false);
                    foreach (var outcome in outcomes)
                    {
                        if (outcome.Execution is { } execution)
                        {
                            LogEnforced(instance.Id, outcome.Enforcement.RuleRef, outcome.Enforcement.Id, execution.Action, execution.Id, instance.TraceTag);
                        }
                        else
                        {
                            LogNotEnforced(instance.Id, outcome.Enforcement.RuleRef, outcome.Enforcement.Id, outcome.Enforcement.Status, outcome.Enforcement.FailureReason ?? "-", instance.TraceTag);
                        }
                    }

                    if (outcomes.Count == 0)
                    {
                        LogNoMatch(instance.Id, instance.Trigger, instance.TraceTag);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad instance must not stop the worker; the failure is logged with its trace tag.
                    LogFailed(ex, instance.Id, instance.TraceTag);
                }
            });

    // Says "enforcement" and "started", never a bare "succeeded": the rule's enforcement only starts the action, whose own
    // outcome is logged when it ends (LoggedExecutionStore).
    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger instance {TriggerInstanceId}: rule {Rule} matched; enforcement {EnforcementId} started {Action} [{ExecutionId}], trace tag {TraceTag}")]
    private partial void LogEnforced(string triggerInstanceId, string rule, string enforcementId, string action, string executionId, string? traceTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger instance {TriggerInstanceId}: rule {Rule} matched; enforcement {EnforcementId} {EnforcementStatus}, no action started: {Reason}, trace tag {TraceTag}")]
    private partial void LogNotEnforced(string triggerInstanceId, string rule, string enforcementId, string enforcementStatus, string reason, string? traceTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger instance {TriggerInstanceId} ({Trigger}) matched no rule, trace tag {TraceTag}")]
    private partial void LogNoMatch(string triggerInstanceId, string trigger, string? traceTag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule evaluation of trigger instance {TriggerInstanceId} failed, trace tag {TraceTag}")]
    private partial void LogFailed(Exception exception, string triggerInstanceId, string? traceTag);
}
