using Microsoft.Extensions.Time.Testing;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Actions;

/// <summary>Cancel of a running action (st2's <c>request_cancellation</c>): the process group dies, the execution ends canceled.</summary>
public sealed class ActionCancellationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sflow-cancel-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task RequestCancellationAsync_RunningShellCommand_KillsItsProcessGroupAndEndsCanceled()
    {
        var host = new TestHost();
        var pidFile = Path.Combine(folder, "pid");
        var run = StartSleeperAsync(host, "exec-cancel-1", pidFile);
        var (running, grandchild) = await WaitRunningAsync(host, run, "exec-cancel-1", pidFile);

        var canceling = await host.Actions.RequestCancellationAsync(running, "ann");
        var done = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(ExecutionStatus.Canceling, canceling.Status);
        Assert.Equal(ExecutionStatus.Canceled, done.Status);
        var result = Assert.IsType<Dictionary<string, object?>>(done.Result);
        Assert.Equal("Action canceled by user.", result["message"]);
        Assert.Equal("ann", result["user"]);
        Assert.Equal(["requested", "scheduled", "running", "canceling", "canceled"], done.Log.Select(l => l.Status.ToApiName()));
        Assert.True(await GoneAsync(grandchild), $"the action's background child {grandchild} outlived the cancel");
    }

    [Fact]
    public async Task RequestCancellationAsync_RequestedExecution_EndsCanceledWithoutRunning()
    {
        var host = new TestHost();
        var requested = await host.Actions.RequestAsync(CorePack.Action("core.local"), new() { ["cmd"] = "exit 0" }, executionId: "exec-cancel-2");

        var canceled = await host.Actions.RequestCancellationAsync(requested, "ann");
        var afterRun = await host.Actions.RunAsync(CorePack.Action("core.local"), new() { ["cmd"] = "exit 0" }, Path.Combine(CorePack.Directory, "actions"), executionId: "exec-cancel-2");

        Assert.Equal(ExecutionStatus.Canceled, canceled.Status);
        Assert.Equal(ExecutionStatus.Canceled, afterRun.Status);
        Assert.DoesNotContain(afterRun.Log, l => l.Status == ExecutionStatus.Running);
    }

    [Fact]
    public async Task RunAsync_CancelWrittenByAnotherProcess_PollFindsItAndKillsTheAction()
    {
        // Another process (the Functions app's API on another instance) writes canceling; this one finds it by its poll.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var host = new TestHost(time, cancelPoll: TimeSpan.FromSeconds(5));
        var pidFile = Path.Combine(folder, "pid");
        var run = StartSleeperAsync(host, "exec-cancel-3", pidFile);
        var (running, grandchild) = await WaitRunningAsync(host, run, "exec-cancel-3", pidFile);
        await host.Executions.UpdateAsync(running.WithStatus(ExecutionStatus.Canceling, time.GetUtcNow()) with
        {
            Result = ServerlessFlow.Runtime.Actions.ActionExecutionService.CanceledByUserResult("bob"),
        });

        for (var i = 0; i < 600 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(run, Task.Delay(50));
        }

        var done = await run;
        Assert.Equal(ExecutionStatus.Canceled, done.Status);
        Assert.Equal("bob", Assert.IsType<Dictionary<string, object?>>(done.Result)["user"]);
        Assert.True(await GoneAsync(grandchild), $"the action's background child {grandchild} outlived the cancel");
    }

    [Fact]
    public async Task CancelChildrenAsync_WorkflowWithRunningTask_KillsTheTaskAndLeavesFinishedOnes()
    {
        var host = new TestHost();
        await host.Executions.CreateAsync(ExecutionState.Create("wf-1", "examples.wf", "orquesta", [], new ExecutionContextState(), DateTimeOffset.UtcNow));
        var finished = await host.Actions.RunAsync(
            CorePack.Action("core.local"), new() { ["cmd"] = "exit 0" }, Path.Combine(CorePack.Directory, "actions"),
            new ExecutionContextState { ParentExecutionId = "wf-1", ParentTaskName = "t0" }, "exec-task-0");
        var pidFile = Path.Combine(folder, "pid");
        var run = StartSleeperAsync(host, "exec-task-1", pidFile, new ExecutionContextState { ParentExecutionId = "wf-1", ParentTaskName = "t1" });
        var (_, grandchild) = await WaitRunningAsync(host, run, "exec-task-1", pidFile);

        var count = await host.Actions.CancelChildrenAsync("wf-1", "ann", (e, _) => Task.FromResult(e.Runner == "orquesta"));
        var done = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, count);
        Assert.Equal(ExecutionStatus.Canceled, done.Status);
        Assert.Equal(ExecutionStatus.Succeeded, (await host.Executions.GetAsync(finished.Id))!.Status);
        Assert.True(await GoneAsync(grandchild), $"the task's background child {grandchild} outlived the cancel");
    }

    // The command leaves a background child, as a real script might: the kill must take the whole process group.
    private static Task<ExecutionState> StartSleeperAsync(TestHost host, string id, string pidFile, ExecutionContextState? context = null) =>
        host.Actions.RunAsync(
            CorePack.Action("core.local"),
            new() { ["cmd"] = $"sleep 600 & echo $! > '{pidFile}'; wait" },
            Path.Combine(CorePack.Directory, "actions"),
            context,
            id);

    private static async Task<(ExecutionState Running, int Grandchild)> WaitRunningAsync(TestHost host, Task<ExecutionState> run, string id, string pidFile)
    {
        // Waits on the action's own sign of life (its pid file), not on time; bounded so a broken run fails the test.
        for (var i = 0; i < 1200; i++)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the action ended before it could be canceled: {(await run).Status}");
            }

            var execution = await host.Executions.GetAsync(id);
            if (execution?.Status == ExecutionStatus.Running && File.Exists(pidFile)
                && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
            {
                return (execution, pid);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the action never started");
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        // A killed process is reaped by init once its parent has gone; a zombie already counts as dead.
        for (var i = 0; i < 600; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }

            try
            {
                var text = await File.ReadAllTextAsync(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
