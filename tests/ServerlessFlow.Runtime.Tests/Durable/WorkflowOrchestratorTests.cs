using ServerlessFlow.Core.Workflows;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Payloads;

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
        ["test.delayed-long"] = [[Echo("wait", """{"n":1}""") with { DelaySeconds = 3600 }], [Echo("never", "{}")]],
        ["test.delayed-gate"] =
        [
            [new ActionTaskCommand(new TaskKey("slow", 0), "test.gate", """{"n":1}""", DelaySeconds: 2)],
            [Echo("next", "{}")],
        ],
        ["test.kv"] = [[Echo("a", """{"n":1}""")], [Echo("b", """{"n":2}""")], [Echo("c", """{"n":3}""")]],
        ["test.inline"] = [[Echo("a", """{"n":1}""")], [Echo("b", """{"n":2}""")], [Echo("c", """{"n":3}""")]],
        ["test.big"] = [[new ActionTaskCommand(new TaskKey("big", 0), "test.big", "{}")], [Echo("after", """{"n":4}""")]],
        ["test.big-parent"] = [[new ActionTaskCommand(new TaskKey("child", 0), "test.big", "{}", ActionTaskKind.Workflow)]],
    };

    [Fact]
    public async Task RunAsync_StagesWithParallelTasks_SucceedsWithEveryResult()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf1", "test.join"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf1", fixture.Token);

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

        bool first = await fixture.Client.StartAsync(Input("wf2", "test.join"), fixture.Token);
        bool second = await fixture.Client.StartAsync(Input("wf2", "test.join"), fixture.Token);
        await fixture.Client.WaitAsync("wf2", fixture.Token);
        bool third = await fixture.Client.StartAsync(Input("wf2", "test.join"), fixture.Token);

        Assert.True(first);
        Assert.False(second);
        Assert.False(third);
        Assert.Equal(3, fixture.Runner.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_TaskWithDelay_WaitsOnDurableTimerThenRuns()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf3", "test.delayed"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf3", fixture.Token);

        Assert.Equal("succeeded", result.Status);
        Assert.Single(fixture.Runner.Requests);
    }

    [Fact]
    public async Task RunAsync_WorkflowTask_RunsAsSubOrchestrationWithDerivedId()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf4", "test.parent"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf4", fixture.Token);

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

        await fixture.Client.StartAsync(Input("wf5", "test.failing"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf5", fixture.Token);

        Assert.Equal("failed", result.Status);
        Assert.DoesNotContain(fixture.Runner.Requests, r => r.Key.TaskId == "never");
    }

    [Fact]
    public async Task RespondAsync_PendingInquiry_ResumesWithResponseInResult()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf6", "test.asking"), fixture.Token);
        await fixture.WaitForStatusAsync("wf6", "paused", fixture.Token);
        string askId = DurableIds.ForTask("wf6", new TaskKey("ask", 0), 0);
        await fixture.Client.RespondAsync("wf6", askId, """{"approved":true}""", fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf6", fixture.Token);

        Assert.Equal("succeeded", result.Status);
        JsonElement ask = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output").GetProperty("ask");
        Assert.True(ask.GetProperty("response").GetProperty("approved").GetBoolean());
        Assert.Contains(fixture.Runner.Requests, r => r.Key.TaskId == "after");
    }

    [Fact]
    public async Task RunAsync_InquiryTtlExpires_TaskTimesOutAndWorkflowFails()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf7", "test.asking-briefly"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf7", fixture.Token);

        Assert.Equal("failed", result.Status);

        // The ask's own execution (and through the recorder its inquiry) is recorded timeout, as st2's inquiry GC does.
        WorkflowStatusRecord ask = Assert.Single(fixture.Runner.Records, r => r.ExecutionId == DurableIds.ForTask("wf7", new TaskKey("ask", 0), 0));
        Assert.Equal(("timeout", "wf7", "test.ask"), (ask.Status, ask.ParentExecutionId, ask.ActionRef));
    }

    [Fact]
    public async Task SignalAsync_PauseThenResume_HoldsNextStageUntilResumed()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf8", "test.gated"), fixture.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(fixture.Token);
        await fixture.Client.SignalAsync("wf8", WorkflowControlSignal.Pause, fixture.Token);
        await fixture.WaitForStatusAsync("wf8", "pausing", fixture.Token);
        fixture.Runner.Gate.SetResult();
        await fixture.WaitForStatusAsync("wf8", "paused", fixture.Token);
        bool nextRanWhilePaused = fixture.Runner.Requests.Any(r => r.Key.TaskId == "next");
        await fixture.Client.SignalAsync("wf8", WorkflowControlSignal.Resume, fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf8", fixture.Token);

        Assert.False(nextRanWhilePaused);
        Assert.Equal("succeeded", result.Status);
        Assert.Contains(fixture.Runner.Requests, r => r.Key.TaskId == "next");
    }

    [Fact]
    public async Task SignalAsync_CancelMidRun_EndsCanceledWithoutNextStage()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf9", "test.gated"), fixture.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(fixture.Token);
        await fixture.Client.SignalAsync("wf9", WorkflowControlSignal.Cancel, fixture.Token);
        await fixture.WaitForStatusAsync("wf9", "canceling", fixture.Token);
        fixture.Runner.Gate.SetResult();
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf9", fixture.Token);

        Assert.Equal("canceled", result.Status);
        Assert.DoesNotContain(fixture.Runner.Requests, r => r.Key.TaskId == "next");
        Assert.Equal("canceled", fixture.Runner.Records.Last(r => r.ExecutionId == "wf9").Status);
    }

    [Fact]
    public async Task RunAsync_StepperCannotStart_FailsWithReason()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf10", "test.unknown"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf10", fixture.Token);

        Assert.Equal("failed", result.Status);
        Assert.Contains("No test workflow named test.unknown", result.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignalAsync_CancelDuringHourLongDelay_EndsCanceledWithoutWaitingOrRunningTask()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf14", "test.delayed-long"), fixture.Token);
        await fixture.WaitForStatusAsync("wf14", "running", fixture.Token);
        await fixture.Client.SignalAsync("wf14", WorkflowControlSignal.Cancel, fixture.Token);
        // Without the race against the control event this waits for the hour-long timer (and the hang guard fails it).
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf14", fixture.Token);

        Assert.Equal("canceled", result.Status);
        // The task's only request records it canceled; it is never run.
        ActionTaskRequest request = Assert.Single(fixture.Runner.Requests);
        Assert.True(request.CanceledBeforeStart);
        Assert.Equal("wait", request.Key.TaskId);
        JsonElement wait = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output").GetProperty("wait");
        Assert.Equal("Action canceled by user.", wait.GetProperty("message").GetString());
        Assert.Equal("canceled", fixture.Runner.Records.Last(r => r.ExecutionId == "wf14").Status);
    }

    [Fact]
    public async Task SignalAsync_PauseDuringDelayThenResume_DelayedTaskRunsOnceAndWorkflowSucceeds()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf15", "test.delayed-gate"), fixture.Token);
        await fixture.WaitForStatusAsync("wf15", "running", fixture.Token);
        await fixture.Client.SignalAsync("wf15", WorkflowControlSignal.Pause, fixture.Token);
        // The delayed task is still in flight (its timer, then its gate), so the workflow stays pausing.
        await fixture.WaitForStatusAsync("wf15", "pausing", fixture.Token);
        await fixture.Runner.GateReached.Task.WaitAsync(fixture.Token);
        fixture.Runner.Gate.SetResult();
        await fixture.WaitForStatusAsync("wf15", "paused", fixture.Token);
        bool nextRanWhilePaused = fixture.Runner.Requests.Any(r => r.Key.TaskId == "next");
        await fixture.Client.SignalAsync("wf15", WorkflowControlSignal.Resume, fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf15", fixture.Token);

        Assert.Equal("succeeded", result.Status);
        Assert.False(nextRanWhilePaused);
        Assert.Single(fixture.Runner.Requests, r => r.Key.TaskId == "slow");
        Assert.Single(fixture.Runner.Requests, r => r.Key.TaskId == "next");
    }

    [Fact]
    public async Task RunAsync_WorkflowReadingKeyValues_EveryStepRunsOnceInTheActivityNotOnReplay()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf16", "test.kv"), fixture.Token);
        await fixture.Client.StartAsync(Input("wf17", "test.inline"), fixture.Token);
        WorkflowOrchestrationResult kv = await fixture.Client.WaitAsync("wf16", fixture.Token);
        WorkflowOrchestrationResult inline = await fixture.Client.WaitAsync("wf17", fixture.Token);

        Assert.Equal("succeeded", kv.Status);
        Assert.Equal("succeeded", inline.Status);
        Assert.Equal(kv.ResultJson, inline.ResultJson);
        // An activity's output is replayed from history, so the key-reading workflow started (and read keys) once;
        // the same workflow stepped inline is started again on every replay.
        Assert.Equal(1, fixture.Stepper.Starts["test.kv"]);
        Assert.True(fixture.Stepper.Starts["test.inline"] > 1, $"inline starts: {fixture.Stepper.Starts["test.inline"]}");
    }

    [Fact]
    public async Task RunAsync_TaskReturns200KbResult_CompletesWithFullOutputAndSmallHistory()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf11", "test.big"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf11", fixture.Token);
        OrchestrationMetadata metadata = (await fixture.Host.Client.GetInstanceAsync("wf11", getInputsAndOutputs: true, fixture.Token))!;

        Assert.Equal("succeeded", result.Status);
        Assert.Null(result.ResultPayload);
        JsonElement output = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output");
        Assert.Equal(RecordingTaskRunner.BigText, output.GetProperty("big").GetProperty("text").GetString());
        Assert.Equal(4, output.GetProperty("after").GetProperty("n").GetInt32());
        AssertSmall(metadata);
        Assert.Contains(fixture.Payloads.Names, n => n.StartsWith("workflows/wf11/", StringComparison.Ordinal));
        // The product's history keeps the whole result: the record activity reads the payload back.
        WorkflowStatusRecord final = fixture.Runner.Records.Last(r => r.ExecutionId == "wf11");
        Assert.Equal("succeeded", final.Status);
        Assert.Null(final.ResultPayload);
        Assert.Contains(RecordingTaskRunner.BigText, final.ResultJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SubWorkflowWith200KbResult_ParentGetsItThroughPayloadWithSmallHistory()
    {
        await using var fixture = await Fixture.StartAsync();

        await fixture.Client.StartAsync(Input("wf12", "test.big-parent"), fixture.Token);
        WorkflowOrchestrationResult result = await fixture.Client.WaitAsync("wf12", fixture.Token);
        string childId = DurableIds.ForTask("wf12", new TaskKey("child", 0), 0);
        OrchestrationMetadata parent = (await fixture.Host.Client.GetInstanceAsync("wf12", getInputsAndOutputs: true, fixture.Token))!;
        OrchestrationMetadata child = (await fixture.Host.Client.GetInstanceAsync(childId, getInputsAndOutputs: true, fixture.Token))!;

        Assert.Equal("succeeded", result.Status);
        JsonElement childOutput = JsonDocument.Parse(result.ResultJson).RootElement.GetProperty("output").GetProperty("child").GetProperty("output");
        Assert.Equal(RecordingTaskRunner.BigText, childOutput.GetProperty("big").GetProperty("text").GetString());
        AssertSmall(parent);
        AssertSmall(child);
        Assert.NotNull(child.ReadOutputAs<WorkflowOrchestrationResult>()!.ResultPayload);
    }

    [Fact]
    public async Task WaitAsync_LargeResultWithoutPayloadStore_FailsNamingThePayload()
    {
        await using var fixture = await Fixture.StartAsync();
        var client = new WorkflowOrchestrationClient(fixture.Host.Client);

        await fixture.Client.StartAsync(Input("wf13", "test.big"), fixture.Token);
        await fixture.Client.WaitAsync("wf13", fixture.Token);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WaitAsync("wf13", fixture.Token));

        Assert.Contains("workflows/wf13/", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSmall(OrchestrationMetadata metadata)
    {
        Assert.True(metadata.IsCompleted);
        Assert.InRange(metadata.SerializedInput?.Length ?? 0, 0, WorkflowPayloads.Threshold);
        Assert.InRange(metadata.SerializedOutput?.Length ?? 0, 0, WorkflowPayloads.Threshold);
        Assert.InRange(metadata.SerializedCustomStatus?.Length ?? 0, 0, WorkflowPayloads.Threshold);
    }

    private static ActionTaskCommand Echo(string task, string input) => new(new TaskKey(task, 0), "test.echo", input);

    private static WorkflowOrchestrationInput Input(string executionId, string actionRef) => new(executionId, actionRef, "{}");

    /// <summary>The in-process host with the scripted stepper and recording runner, and each test's hang guard.</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private readonly DurableTaskTestHost host;
        private readonly CancellationTokenSource hangGuard = new(HangGuard);

        private Fixture(DurableTaskTestHost host, RecordingTaskRunner runner, InMemoryPayloadStore payloads, StagedTestStepper stepper)
        {
            this.host = host;
            Stepper = stepper;
            Runner = runner;
            Payloads = payloads;
            Client = new WorkflowOrchestrationClient(host.Client, new WorkflowPayloads(payloads));
        }

        public RecordingTaskRunner Runner { get; }

        public StagedTestStepper Stepper { get; }

        public DurableTaskTestHost Host => host;

        public InMemoryPayloadStore Payloads { get; }

        public WorkflowOrchestrationClient Client { get; }

        /// <summary>Cancels after <see cref="HangGuard"/>, so a broken orchestration fails its test instead of hanging the run.</summary>
        public CancellationToken Token => hangGuard.Token;

        public static async Task<Fixture> StartAsync()
        {
            var runner = new RecordingTaskRunner();
            var payloads = new InMemoryPayloadStore();
            var stepper = new StagedTestStepper(Workflows, new HashSet<string>(StringComparer.Ordinal) { "test.kv" });
            DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
                registry => DurableWorkflowTasks.Register(registry, stepper),
                new DurableTaskTestHostOptions
                {
                    Port = FreePort(),
                    ConfigureServices = services =>
                    {
                        services.AddSingleton<IActionTaskRunner>(runner);
                        services.AddSingleton<IWorkflowExecutionRecorder>(runner);
                        services.AddSingleton(new WorkflowPayloads(payloads));
                    },
                });
            return new Fixture(host, runner, payloads, stepper);
        }

        public async Task WaitForStatusAsync(string executionId, string status, CancellationToken cancellationToken)
        {
            while (true)
            {
                OrchestrationSnapshot<WorkflowOrchestrationResult>? snapshot = await Client.GetAsync(executionId, cancellationToken);
                if (snapshot?.CustomStatus is { } custom && JsonSerializer.Deserialize<string>(custom) == status)
                {
                    return;
                }

                await Task.Delay(10, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            hangGuard.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
