using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Tests.RuleEvaluation;

/// <summary>Test double of the rule-evaluation port: records each call; can be told to fail.</summary>
internal sealed class RecordingProcessor : ITriggerInstanceProcessor
{
    public List<TriggerBusMessage> Processed { get; } = [];

    public Exception? FailWith { get; set; }

    public Task ProcessAsync(TriggerBusMessage message, IOrchestrationClient workflows, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Processed.Add(message);
        return Task.CompletedTask;
    }
}
