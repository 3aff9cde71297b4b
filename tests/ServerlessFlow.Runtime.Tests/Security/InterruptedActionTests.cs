using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 7, in the runtime: an action a crashed process left running ends <c>failed</c> with an error
/// that says so (when its task is redelivered, or at the next start), and is never run twice.</summary>
public sealed class InterruptedActionTests
{
    private readonly TestHost host = new();

    [Fact]
    public async Task RunAsync_RedeliveredWhileLeftRunningByCrash_EndsFailedSayingSoWithoutRunning()
    {
        var marker = Path.Combine(Path.GetTempPath(), "sflow-rerun-" + Guid.NewGuid().ToString("N"));
        var action = CorePack.Action("core.local");
        var parameters = new Dictionary<string, object?> { ["cmd"] = $"touch {marker}" };
        await LeaveRunningAsync("exec-crashed", action.Ref, action.RunnerType);

        var execution = await host.Actions.RunAsync(action, parameters, CorePack.Directory, executionId: "exec-crashed");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(ActionExecutionService.InterruptedError, ((Dictionary<string, object?>)execution.Result!)["error"]);
        Assert.NotNull(execution.EndTimestamp);
        Assert.Equal(ExecutionStatus.Failed, (await host.Executions.GetAsync("exec-crashed"))!.Status);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAsync_RedeliveredWhileRunningHere_WaitsForTheOneRun()
    {
        var action = CorePack.Action("core.local");
        var parameters = new Dictionary<string, object?> { ["cmd"] = "sleep 1; echo once" };

        var first = host.Actions.RunAsync(action, parameters, CorePack.Directory, executionId: "exec-twice");
        while (!first.IsCompleted && !host.Actions.IsRunningHere("exec-twice"))
        {
            await Task.Delay(10);
        }

        var second = await host.Actions.RunAsync(action, parameters, CorePack.Directory, executionId: "exec-twice");

        Assert.True(second.Status == ExecutionStatus.Succeeded, ServerlessFlow.Core.Values.JsonText.Serialize(second.Result));
        Assert.Equal("once", ((Dictionary<string, object?>)second.Result!)["stdout"]);
        Assert.Equal(ExecutionStatus.Succeeded, (await first).Status);
    }

    [Fact]
    public async Task FailInterruptedRunsAsync_AtStart_EndsLeftoverActionsButNotWorkflows()
    {
        await LeaveRunningAsync("exec-action", "core.local", "local-shell-cmd");
        await LeaveRunningAsync("exec-workflow", "examples.flow", "orquesta");

        var ended = await host.Actions.FailInterruptedRunsAsync();

        Assert.Equal(1, ended);
        Assert.Equal(ExecutionStatus.Failed, (await host.Executions.GetAsync("exec-action"))!.Status);
        Assert.Equal(ExecutionStatus.Running, (await host.Executions.GetAsync("exec-workflow"))!.Status);
    }

    private async Task LeaveRunningAsync(string id, string actionRef, string runner)
    {
        var requested = ExecutionState.Create(id, actionRef, runner, [], new ExecutionContextState(), host.Time.GetUtcNow());
        await host.Executions.CreateAsync(requested);
        await host.Executions.UpdateAsync((await host.Executions.GetAsync(id))!.WithStatus(ExecutionStatus.Running, host.Time.GetUtcNow()));
    }
}
