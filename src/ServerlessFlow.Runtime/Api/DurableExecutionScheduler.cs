using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Runtime.Api;

/// <summary>Schedules a requested execution as the <see cref="DurableNames.RunExecutionOrchestrator"/> orchestration
/// (instance id <c>execution-{id}</c>) through the Durable client the host passed in (the Functions app registers that
/// orchestration; see <see cref="Composition.RequestedExecutionRun.DurableOrchestration"/>).</summary>
public sealed class DurableExecutionScheduler : IExecutionScheduler
{
    private readonly IOrchestrationClient client;

    /// <summary>Schedules through <paramref name="client"/>.</summary>
    public DurableExecutionScheduler(IOrchestrationClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    /// <inheritdoc/>
    public Task ScheduleAsync(RunExecutionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return client.ScheduleAsync(DurableNames.RunExecutionOrchestrator, "execution-" + command.ExecutionId, command, cancellationToken);
    }
}
