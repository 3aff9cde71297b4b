using Microsoft.DurableTask;
using ServerlessFlow.Functions.Workflows;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Functions.Api;

/// <summary>Schedules a requested execution as the <see cref="ExecutionRunFunctions.OrchestratorName"/> orchestration
/// (instance id <c>execution-{id}</c>) through the invocation's <c>[DurableClient]</c> (<see cref="DurableClientScope"/>).</summary>
internal sealed class DurableExecutionScheduler : IExecutionScheduler
{
    /// <inheritdoc/>
    public async Task ScheduleAsync(RunExecutionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var client = DurableClientScope.Current
            ?? throw new InvalidOperationException("This function has no Durable client: only API functions with a [DurableClient] binding can schedule executions.");
        await client.ScheduleNewOrchestrationInstanceAsync(
            ExecutionRunFunctions.OrchestratorName,
            command,
            new StartOrchestrationOptions { InstanceId = "execution-" + command.ExecutionId },
            cancellationToken).ConfigureAwait(false);
    }
}
