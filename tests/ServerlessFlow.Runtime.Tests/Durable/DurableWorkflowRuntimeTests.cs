using ServerlessFlow.Core.Workflows;
using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Tests.Support;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>
/// The orchestrator wired to the runtime as a host wires it: the orquesta runner hands workflow
/// executions to the durable driver, tasks run real core actions through the action use case,
/// and every record lands in the execution store.
/// </summary>
public sealed class DurableWorkflowRuntimeTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly ActionSpec Workflow = new()
    {
        Ref = "demo.greet",
        Name = "greet",
        Pack = "demo",
        RunnerType = "orquesta",
        EntryPoint = "workflows/greet.yaml",
        Parameters = new Dictionary<string, ActionParameterSpec>(),
        EffectiveParameters = new Dictionary<string, ActionParameterSpec>(),
        MetadataFile = "actions/greet.yaml",
    };

    [Fact]
    public async Task RunAsync_WorkflowAction_RunsCoreActionsAndRecordsEverything()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        ExecutionState started = await world.Actions.RunAsync(Workflow, [], "/nonexistent", executionId: "wfexec1", cancellationToken: cts.Token);
        WorkflowOrchestrationResult result = await world.Client.WaitAsync("wfexec1", cts.Token);
        ExecutionState? stored = await world.Executions.GetAsync("wfexec1", cts.Token);
        IReadOnlyList<ExecutionState> children = await world.Executions.ListChildrenAsync("wfexec1", cts.Token);

        Assert.Equal(ExecutionStatus.Running, started.Status);
        Assert.Equal("succeeded", result.Status);
        Assert.Equal(ExecutionStatus.Succeeded, stored?.Status);
        Assert.Contains("hello", result.ResultJson, StringComparison.Ordinal);
        Assert.Equal(["core.local", "core.noop"], children.Select(c => c.Action).Order(StringComparer.Ordinal));
        Assert.All(children, c => Assert.Equal(ExecutionStatus.Succeeded, c.Status));
        Assert.Equal("say", children.Single(c => c.Action == "core.local").Context.ParentTaskName);
    }

    [Fact]
    public async Task RunAsync_SameWorkflowExecutionTwice_StartsOneOrchestration()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await world.Actions.RunAsync(Workflow, [], "/nonexistent", executionId: "wfexec2", cancellationToken: cts.Token);
        await world.Client.WaitAsync("wfexec2", cts.Token);
        ExecutionState again = await world.Actions.RunAsync(Workflow, [], "/nonexistent", executionId: "wfexec2", cancellationToken: cts.Token);
        IReadOnlyList<ExecutionState> children = await world.Executions.ListChildrenAsync("wfexec2", cts.Token);

        Assert.Equal(ExecutionStatus.Succeeded, again.Status);
        Assert.Equal(2, children.Count);
    }

    [Fact]
    public async Task RunAsync_TaskWithUnknownAction_FailsWorkflowWithReason()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var broken = Workflow with { Ref = "demo.broken" };

        await world.Actions.RunAsync(broken, [], "/nonexistent", executionId: "wfexec3", cancellationToken: cts.Token);
        WorkflowOrchestrationResult result = await world.Client.WaitAsync("wfexec3", cts.Token);
        ExecutionState? stored = await world.Executions.GetAsync("wfexec3", cts.Token);

        Assert.Equal("failed", result.Status);
        Assert.Equal(ExecutionStatus.Failed, stored?.Status);
        Assert.Contains("not in any loaded pack", stored?.Result?.ToString() + result.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RespondAsync_WorkflowWaitingOnAsk_ResumesAndSucceeds()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var asking = Workflow with { Ref = "demo.asking" };
        string askId = DurableIds.ForTask("wfexec4", new TaskKey("ask", 0), 0);

        await world.Actions.RunAsync(asking, [], "/nonexistent", executionId: "wfexec4", cancellationToken: cts.Token);
        while ((await world.Executions.GetAsync("wfexec4", cts.Token))?.Status != ExecutionStatus.Paused)
        {
            await Task.Delay(10, cts.Token);
        }

        bool ranBeforeAnswer = (await world.Executions.ListChildrenAsync("wfexec4", cts.Token)).Any(c => c.Action == "core.noop");
        var responder = new DurableInquiryResponder(new InquiryService(world.Inquiries, world.Executions, world.Actions), world.Client);
        await responder.RespondAsync(askId, new() { ["continue"] = true }, "stanley", cts.Token);
        WorkflowOrchestrationResult result = await world.Client.WaitAsync("wfexec4", cts.Token);
        ExecutionState? ask = await world.Executions.GetAsync(askId, cts.Token);

        Assert.False(ranBeforeAnswer);
        Assert.Equal("succeeded", result.Status);
        Assert.Equal(ExecutionStatus.Succeeded, ask?.Status);
        Assert.Contains("\"continue\":true", result.ResultJson, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, (await world.Executions.GetAsync("wfexec4", cts.Token))?.Status);
    }

    [Fact]
    public async Task RespondAsync_InvalidAnswer_IsRefusedAndWorkflowKeepsWaiting()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var asking = Workflow with { Ref = "demo.asking" };
        string askId = DurableIds.ForTask("wfexec5", new TaskKey("ask", 0), 0);

        await world.Actions.RunAsync(asking, [], "/nonexistent", executionId: "wfexec5", cancellationToken: cts.Token);
        while ((await world.Executions.GetAsync("wfexec5", cts.Token))?.Status != ExecutionStatus.Paused)
        {
            await Task.Delay(10, cts.Token);
        }

        var responder = new DurableInquiryResponder(new InquiryService(world.Inquiries, world.Executions, world.Actions), world.Client);
        await Assert.ThrowsAsync<ArgumentException>(() => responder.RespondAsync(askId, new() { ["continue"] = "maybe" }, "stanley", cts.Token));

        Assert.Equal(ExecutionStatus.Paused, (await world.Executions.GetAsync("wfexec5", cts.Token))?.Status);
        Assert.Equal(ExecutionStatus.Pending, (await world.Executions.GetAsync(askId, cts.Token))?.Status);
    }

    [Fact]
    public async Task SignalAsync_CancelDuringTaskDelay_RecordsTaskExecutionCanceledOnce()
    {
        await using var world = await World.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var delayed = Workflow with { Ref = "demo.delayed" };
        var key = new TaskKey("wait", 0);
        string taskId = DurableIds.ForTask("wfexec6", key, 0);

        await world.Actions.RunAsync(delayed, [], "/nonexistent", executionId: "wfexec6", cancellationToken: cts.Token);
        await world.Client.SignalAsync("wfexec6", WorkflowControlSignal.Cancel, cts.Token);
        WorkflowOrchestrationResult result = await world.Client.WaitAsync("wfexec6", cts.Token);
        // The run-action activity may run again (a retry after a crash): the record must not change or double.
        ActionTaskOutcome again = await world.TaskRunner.RunAsync(
            new ActionTaskRequest(taskId, "wfexec6", key, "core.noop", "{}", CanceledBeforeStart: true), cts.Token);
        IReadOnlyList<ExecutionState> children = await world.Executions.ListChildrenAsync("wfexec6", cts.Token);

        Assert.Equal("canceled", result.Status);
        ExecutionState task = Assert.Single(children);
        Assert.Equal(taskId, task.Id);
        Assert.Equal("core.noop", task.Action);
        Assert.Equal(ExecutionStatus.Canceled, task.Status);
        Assert.Equal("wait", task.Context.ParentTaskName);
        Assert.Equal("Action canceled by user.", Assert.IsType<Dictionary<string, object?>>(task.Result)["message"]);
        Assert.Equal("canceled", again.Status);
        Assert.Equal(task.Version, (await world.Executions.GetAsync(taskId, cts.Token))?.Version);
        Assert.Equal(["requested", "canceled"], task.Log.Select(e => e.Status.ToApiName()));
        Assert.Equal(ExecutionStatus.Canceled, (await world.Executions.GetAsync("wfexec6", cts.Token))?.Status);
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly DurableTaskTestHost host;

        private World(DurableTaskTestHost host, InMemoryExecutionStore executions, InMemoryInquiryStore inquiries)
        {
            this.host = host;
            Executions = executions;
            Inquiries = inquiries;
            Client = new WorkflowOrchestrationClient(host.Client);
            Actions = host.Services.GetRequiredService<ActionExecutionService>();
        }

        public InMemoryExecutionStore Executions { get; }

        public InMemoryInquiryStore Inquiries { get; }

        public ActionExecutionService Actions { get; }

        public WorkflowOrchestrationClient Client { get; }

        public IActionTaskRunner TaskRunner => host.Services.GetRequiredService<IActionTaskRunner>();

        public static async Task<World> StartAsync()
        {
            var executions = new InMemoryExecutionStore();
            var inquiries = new InMemoryInquiryStore();
            var stepper = new StagedTestStepper(new Dictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>>
            {
                ["demo.greet"] =
                [
                    [new ActionTaskCommand(new TaskKey("say", 0), "core.local", """{"cmd":"echo hello"}""")],
                    [new ActionTaskCommand(new TaskKey("done", 0), "core.noop", "{}")],
                ],
                ["demo.broken"] = [[new ActionTaskCommand(new TaskKey("oops", 0), "nope.missing", "{}")]],
                ["demo.delayed"] =
                [
                    [new ActionTaskCommand(new TaskKey("wait", 0), "core.noop", "{}", DelaySeconds: 3600)],
                    [new ActionTaskCommand(new TaskKey("never", 0), "core.noop", "{}")],
                ],
                ["demo.asking"] =
                [
                    [new ActionTaskCommand(new TaskKey("ask", 0), "core.ask", "{}", ActionTaskKind.Inquiry)],
                    [new ActionTaskCommand(new TaskKey("done", 0), "core.noop", "{}")],
                ],
            });
            DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
                registry => DurableWorkflowTasks.Register(registry, stepper),
                new DurableTaskTestHostOptions
                {
                    Port = FreePort(),
                    ConfigureServices = services =>
                    {
                        var time = TimeProvider.System;
                        var triggers = new TriggerDispatcher(new InMemoryTriggerInstanceStore(), new InMemoryTriggerBus(), time);
                        services.AddSingleton<IExecutionStore>(executions);
                        services.AddSingleton(sp => new ActionExecutionService(
                            executions,
                            new RunnerRegistry(
                            [
                                new LocalShellCommandRunner(time),
                                new NoopRunner(),
                                new InquirerRunner(inquiries, time, triggers),
                                new WorkflowRunner("orquesta", new DurableWorkflowDriver(
                                    new WorkflowOrchestrationClient(sp.GetRequiredService<DurableTaskClient>()), executions)),
                            ]),
                            RunnerTypeCatalog.Default,
                            time,
                            triggers));
                        services.AddSingleton<IActionTaskRunner>(sp => new ActionTaskRunner(sp.GetRequiredService<ActionExecutionService>(), CorePack.Catalog));
                        services.AddSingleton<IWorkflowExecutionRecorder>(sp => new ExecutionWorkflowRecorder(executions, sp.GetRequiredService<ActionExecutionService>()));
                        services.AddSingleton(new WorkflowPayloads(new InMemoryPayloadStore()));
                    },
                });
            return new World(host, executions, inquiries);
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
