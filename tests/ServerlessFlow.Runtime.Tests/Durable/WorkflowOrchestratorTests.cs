using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>The workflow orchestrator loop on the SDK's in-process host, with a scripted stepper.</summary>
public sealed class WorkflowOrchestratorTests
{
    // Guards against a hang only; no test asserts on elapsed time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>> Workflows = new()
    {
        ["test.join"] =
        [
            [Echo("a", """{"n":1}"""), Echo("b", """{"n":2}""")],
            [Echo("c", """{"n":3}""")],
        ],
        ["test.delayed"] = [[Echo("wait", """{"n":1}""") with { DelaySeconds = 0.2 }]],
        ["test.parent"] = [[new ActionTaskCommand(new TaskKey("child", 0), "test.join", "{}", ActionTaskKind.Workflow)]],
        ["test.failing"] = [[new ActionTaskCommand(new TaskKey("bad", 0), "test.fail", "{}")], [Echo("never", "{}")]],
        ["test.asking"] = [[new ActionTaskCommand(new TaskKey("ask", 0), "test.ask", "{}", ActionTaskKind.Inquiry)], [Echo("after", "{}")]],
        ["test.asking-briefly"] =
        [
            [new ActionTaskCommand(new TaskKey("ask", 0), "test.ask", "{}", ActionTaskKind.Inquiry, InquiryTtlMinutes: 0.002)],
        ],
        ["test.gated"] = [[new ActionTaskCommand(new TaskKey("slow", 0), "test.gate", """{"n":1}""")], [Echo("next", "{}")]],
    };

    [Fact]
    public async Task RunAsync_StagesWithParallelTasks_SucceedsWithEveryResult()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf1", "test.join"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf1", cts.Token);

        Assert.Equal("succeeded", result.Status);
        JsonElement output = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output");
        Assert.Equal(3, output.GetProperty("c").GetProperty("n").GetInt32());
        Assert.Equal(["a", "b", "c"], fixture.Runner.Requests.Select(r => r.Key.TaskId).Order(StringComparer.Ordinal));
        Assert.All(fixture.Runner.Requests, r => Assert.Equal("wf1", r.WorkflowExecutionId));
        Assert.Equal(DurableIds.ForTask("wf1", new TaskKey("c", 0), 0), fixture.Runner.Requests.Single(r => r.Key.TaskId == "c").ExecutionId);
        Assert.Equal(["running", "succeeded"], fixture.Runner.Records.Where(r => r.ExecutionId == "wf1").Select(r => r.Status));
    }

    [Fact]
    public async Task RunAsync_StarterRecordedRunning_RecordsOnlyTheEnd()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf1r", "test.join") with { RecordedRunning = true }, cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf1r", cts.Token);

        Assert.Equal("succeeded", result.Status);
        Assert.Equal(["succeeded"], fixture.Runner.Records.Where(r => r.ExecutionId == "wf1r").Select(r => r.Status));
    }

    [Fact]
    public async Task RunAsync_StarterRecordedRunningThenPausedAndResumed_RecordsRunningOnlyOnResume()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf8r", "test.gated") with { RecordedRunning = true }, cts.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(cts.Token);
        await fixture.Client.SignalAsync("wf8r", WorkflowControlSignal.Pause, cts.Token);
        await fixture.WaitForStatusAsync("wf8r", "pausing", cts.Token);
        fixture.Runner.Gate.SetResult();
        await fixture.WaitForStatusAsync("wf8r", "paused", cts.Token);
        await fixture.Client.SignalAsync("wf8r", WorkflowControlSignal.Resume, cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf8r", cts.Token);

        Assert.Equal("succeeded", result.Status);
        Assert.Equal(["pausing", "paused", "running", "succeeded"], fixture.Runner.Records.Where(r => r.ExecutionId == "wf8r").Select(r => r.Status));
    }

    [Fact]
    public async Task StartAsync_SameExecutionTwice_RunsOnce()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        bool first = await fixture.Client.StartAsync(Input("wf2", "test.join"), cts.Token);
        bool second = await fixture.Client.StartAsync(Input("wf2", "test.join"), cts.Token);
        await fixture.Client.WaitAsync("wf2", cts.Token);
        bool third = await fixture.Client.StartAsync(Input("wf2", "test.join"), cts.Token);

        Assert.True(first);
        Assert.False(second);
        Assert.False(third);
        Assert.Equal(3, fixture.Runner.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_TaskWithDelay_WaitsOnDurableTimerThenRuns()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf3", "test.delayed"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf3", cts.Token);

        Assert.Equal("succeeded", result.Status);
        Assert.Single(fixture.Runner.Requests);
    }

    [Fact]
    public async Task RunAsync_WorkflowTask_RunsAsSubOrchestrationWithDerivedId()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf4", "test.parent"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf4", cts.Token);

        string childId = DurableIds.ForTask("wf4", new TaskKey("child", 0), 0);
        Assert.Equal("succeeded", result.Status);
        JsonElement child = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output").GetProperty("child");
        Assert.Equal(3, child.GetProperty("output").GetProperty("c").GetProperty("n").GetInt32());
        Assert.All(fixture.Runner.Requests, r => Assert.Equal(childId, r.WorkflowExecutionId));
        Assert.Contains(fixture.Runner.Records, r => r.ExecutionId == childId && r.ParentExecutionId == "wf4" && r.Status == "succeeded");
    }

    [Fact]
    public async Task RunAsync_FailingTask_FailsWorkflowAndStopsThere()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf5", "test.failing"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf5", cts.Token);

        Assert.Equal("failed", result.Status);
        Assert.DoesNotContain(fixture.Runner.Requests, r => r.Key.TaskId == "never");
    }

    [Fact]
    public async Task RespondAsync_PendingInquiry_ResumesWithResponseInResult()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf6", "test.asking"), cts.Token);
        await fixture.WaitForStatusAsync("wf6", "paused", cts.Token);
        string askId = DurableIds.ForTask("wf6", new TaskKey("ask", 0), 0);
        await fixture.Client.RespondAsync("wf6", askId, """{"approved":true}""", cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf6", cts.Token);

        Assert.Equal("succeeded", result.Status);
        JsonElement ask = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output").GetProperty("ask");
        Assert.True(ask.GetProperty("response").GetProperty("approved").GetBoolean());
        Assert.Contains(fixture.Runner.Requests, r => r.Key.TaskId == "after");
    }

    [Fact]
    public async Task RunAsync_InquiryTtlExpires_TaskTimesOutAndWorkflowFails()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf7", "test.asking-briefly"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf7", cts.Token);

        Assert.Equal("failed", result.Status);
    }

    [Fact]
    public async Task SignalAsync_PauseThenResume_HoldsNextStageUntilResumed()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf8", "test.gated"), cts.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(cts.Token);
        await fixture.Client.SignalAsync("wf8", WorkflowControlSignal.Pause, cts.Token);
        await fixture.WaitForStatusAsync("wf8", "pausing", cts.Token);
        fixture.Runner.Gate.SetResult();
        await fixture.WaitForStatusAsync("wf8", "paused", cts.Token);
        bool nextRanWhilePaused = fixture.Runner.Requests.Any(r => r.Key.TaskId == "next");
        await fixture.Client.SignalAsync("wf8", WorkflowControlSignal.Resume, cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf8", cts.Token);

        Assert.False(nextRanWhilePaused);
        Assert.Equal("succeeded", result.Status);
        Assert.Contains(fixture.Runner.Requests, r => r.Key.TaskId == "next");
    }

    [Fact]
    public async Task SignalAsync_CancelMidRun_EndsCanceledWithoutNextStage()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf9", "test.gated"), cts.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(cts.Token);
        await fixture.Client.SignalAsync("wf9", WorkflowControlSignal.Cancel, cts.Token);
        await fixture.WaitForStatusAsync("wf9", "canceling", cts.Token);
        fixture.Runner.Gate.SetResult();
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf9", cts.Token);

        Assert.Equal("canceled", result.Status);
        Assert.DoesNotContain(fixture.Runner.Requests, r => r.Key.TaskId == "next");
        Assert.Equal("canceled", fixture.Runner.Records.Last(r => r.ExecutionId == "wf9").Status);
    }

    [Fact]
    public async Task RunAsync_StepperCannotStart_FailsWithReason()
    {
        await using var fixture = await Fixture.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        await fixture.Client.StartAsync(Input("wf10", "test.unknown"), cts.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf10", cts.Token);

        Assert.Equal("failed", result.Status);
        Assert.Contains("No test workflow named test.unknown", result.ResultJson, StringComparison.Ordinal);
    }

    private static ActionTaskCommand Echo(string task, string input) => new(new TaskKey(task, 0), "test.echo", input);

    private static WorkflowOrchestrationInput Input(string executionId, string actionRef) => new(executionId, actionRef, "{}");

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly DurableTaskTestHost host;

        private Fixture(DurableTaskTestHost host, RecordingTaskRunner runner)
        {
            this.host = host;
            Runner = runner;
            Client = new WorkflowOrchestrationClient(host.Client);
        }

        public RecordingTaskRunner Runner { get; }

        public WorkflowOrchestrationClient Client { get; }

        public static async Task<Fixture> StartAsync()
        {
            var runner = new RecordingTaskRunner();
            var stepper = new StagedTestStepper(Workflows);
            DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
                registry => DurableWorkflowTasks.Register(registry, stepper),
                new DurableTaskTestHostOptions
                {
                    Port = FreePort(),
                    ConfigureServices = services =>
                    {
                        services.AddSingleton<IActionTaskRunner>(runner);
                        services.AddSingleton<IWorkflowExecutionRecorder>(runner);
                    },
                });
            return new Fixture(host, runner);
        }

        public async Task WaitForStatusAsync(string executionId, string status, CancellationToken cancellationToken)
        {
            while (true)
            {
                OrchestrationMetadata? metadata = await Client.GetAsync(executionId, cancellationToken);
                if (metadata?.SerializedCustomStatus is not null && metadata.ReadCustomStatusAs<string>() == status)
                {
                    return;
                }

                await Task.Delay(10, cancellationToken);
            }
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
