using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary><c>POST /api/v1/executions</c> with an <see cref="IExecutionScheduler"/>: non-workflow actions are stored
/// requested and handed to the scheduler; the scheduled command runs them later under the same id.</summary>
public sealed class ExecutionsApiSchedulerTests
{
    private readonly ApiWorld world = new();

    private ExecutionsApi Api(IExecutionScheduler scheduler) =>
        new(world.Host.Executions, CorePack.Catalog, world.Host.Actions, world.Control, world.Time, scheduler);

    [Fact]
    public async Task HandleAsync_PostWithScheduler_StoresRequestedAndSchedulesWithoutRunning()
    {
        var scheduler = new RecordingScheduler();

        var result = await Api(scheduler).HandleAsync(With("POST", "", """{"action": "core.echo", "parameters": {"message": "later"}}"""), CancellationToken.None);

        Assert.Equal(201, result.StatusCode);
        Assert.Equal("requested", Object(result)["status"]);
        var command = Assert.Single(scheduler.Commands);
        Assert.Equal(Object(result)["id"], command.ExecutionId);
        Assert.Equal("core.echo", command.ActionRef);
        Assert.Equal("""{"message":"later"}""", command.ParametersJson);
        Assert.Equal(ExecutionStatus.Requested, (await world.Host.Executions.GetAsync(command.ExecutionId))!.Status);
    }

    [Fact]
    public async Task RunAsync_ScheduledCommand_RunsTheRequestedExecutionToTheEnd()
    {
        var scheduler = new RecordingScheduler();
        await Api(scheduler).HandleAsync(With("POST", "", """{"action": "core.echo", "parameters": {"message": "later"}}"""), CancellationToken.None);
        var command = Assert.Single(scheduler.Commands);

        var done = await world.Host.Actions.RunAsync(
            CorePack.Catalog.FindAction(command.ActionRef)!, (Dictionary<string, object?>)JsonText.Parse(command.ParametersJson)!, "/tmp", executionId: command.ExecutionId);

        Assert.Equal(command.ExecutionId, done.Id);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("later", ((Dictionary<string, object?>)done.Result!)["stdout"]);
    }

    [Fact]
    public async Task HandleAsync_SchedulerFails_Answers503AndTheExecutionFailsWithTheReason()
    {
        var result = await Api(new FailingScheduler()).HandleAsync(With("POST", "", """{"action": "core.noop"}"""), CancellationToken.None);

        Assert.Equal(503, result.StatusCode);
        Assert.Contains("task hub unavailable", Fault(result), StringComparison.Ordinal);
        var stored = Assert.Single((await world.Host.Executions.ListAsync(new ExecutionQuery())).Items);
        Assert.Equal(ExecutionStatus.Failed, stored.Status);
    }

    [Fact]
    public async Task HandleAsync_PostBadParametersWithScheduler_Answers400AndSchedulesNothing()
    {
        var scheduler = new RecordingScheduler();

        var result = await Api(scheduler).HandleAsync(With("POST", "", """{"action": "core.echo", "parameters": {}}"""), CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Empty(scheduler.Commands);
        Assert.Empty((await world.Host.Executions.ListAsync(new ExecutionQuery())).Items);
    }

    [Fact]
    public async Task HandleAsync_PostGivingSecretParameter_RunsInTheRequestAndSchedulesNothing()
    {
        var scheduler = new RecordingScheduler();

        var result = await Api(scheduler).HandleAsync(
            With("POST", "", """{"action": "core.local", "parameters": {"cmd": "echo ok", "sudo_password": "pw-77d1"}}"""), CancellationToken.None);

        Assert.Equal(201, result.StatusCode);
        Assert.NotEqual("requested", Object(result)["status"]);
        Assert.Empty(scheduler.Commands);
        Assert.DoesNotContain("pw-77d1", JsonText.Serialize(result.Body), StringComparison.Ordinal);
    }

    private sealed class RecordingScheduler : IExecutionScheduler
    {
        public List<RunExecutionCommand> Commands { get; } = [];

        public Task ScheduleAsync(RunExecutionCommand command, CancellationToken cancellationToken)
        {
            Commands.Add(command);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingScheduler : IExecutionScheduler
    {
        public Task ScheduleAsync(RunExecutionCommand command, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("task hub unavailable");
    }
}
