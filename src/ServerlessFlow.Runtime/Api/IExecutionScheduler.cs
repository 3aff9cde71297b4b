namespace ServerlessFlow.Runtime.Api;

/// <summary>Runs a requested non-workflow execution out of band, so <c>POST /api/v1/executions</c> answers at once
/// (the Functions app: a Durable orchestration). Without one, the API runs such actions to the end before answering.</summary>
public interface IExecutionScheduler
{
    /// <summary>Arranges for <paramref name="command"/> to run; throws when that could not be arranged.</summary>
    Task ScheduleAsync(RunExecutionCommand command, CancellationToken cancellationToken);
}
