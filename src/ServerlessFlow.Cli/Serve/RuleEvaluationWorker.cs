using Microsoft.Extensions.Logging;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The consumer of the in-process trigger bus: evaluates the rules for each published trigger instance (a few at a
/// time). Redelivery is harmless: enforcement ids derive from (instance, rule) and execution ids from the enforcement.</summary>
internal sealed partial class RuleEvaluationWorker(InMemoryTriggerBus bus, RuleEvaluationService rules, ILogger logger)
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
                    var outcomes = await rules.ProcessAsync(instance, token).ConfigureAwait(false);
                    foreach (var outcome in outcomes)
                    {
                        LogEnforced(instance.Id, outcome.Enforcement.RuleRef, outcome.Enforcement.Status, outcome.Execution?.Id, instance.TraceTag);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger instance {TriggerInstanceId}: rule {Rule} {Status}, execution {ExecutionId}, trace tag {TraceTag}")]
    private partial void LogEnforced(string triggerInstanceId, string rule, string status, string? executionId, string? traceTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger instance {TriggerInstanceId} ({Trigger}) matched no rule, trace tag {TraceTag}")]
    private partial void LogNoMatch(string triggerInstanceId, string trigger, string? traceTag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule evaluation of trigger instance {TriggerInstanceId} failed, trace tag {TraceTag}")]
    private partial void LogFailed(Exception exception, string triggerInstanceId, string? traceTag);
}
