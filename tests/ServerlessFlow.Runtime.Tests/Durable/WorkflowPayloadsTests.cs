using ServerlessFlow.Core.Workflows;
using System.Text;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Payloads;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>What the activities hand back to the orchestrator: large JSON as payload names, small JSON as is.</summary>
public sealed class WorkflowPayloadsTests
{
    private static readonly TaskKey Key = new("big", 0);

    [Fact]
    public async Task RunActionAsync_200KbResult_ReturnsPayloadNameInsteadOfJson()
    {
        var store = new InMemoryPayloadStore();
        var payloads = new WorkflowPayloads(store);

        ActionTaskOutcome outcome = await payloads.RunActionAsync(new RecordingTaskRunner(), Request("test.big", "{}"));

        Assert.Equal("succeeded", outcome.Status);
        Assert.Equal(string.Empty, outcome.ResultJson);
        Assert.StartsWith("workflows/wf/", outcome.ResultPayload, StringComparison.Ordinal);
        string stored = Encoding.UTF8.GetString((await store.GetAsync(outcome.ResultPayload!))!);
        Assert.Contains(RecordingTaskRunner.BigText, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunActionAsync_SmallResult_StaysInline()
    {
        var store = new InMemoryPayloadStore();

        ActionTaskOutcome outcome = await new WorkflowPayloads(store).RunActionAsync(new RecordingTaskRunner(), Request("test.echo", """{"n":1}"""));

        Assert.Equal("""{"n":1}""", outcome.ResultJson);
        Assert.Null(outcome.ResultPayload);
        Assert.Empty(store.Names);
    }

    [Fact]
    public async Task RunActionAsync_InputAsPayload_RunnerGetsTheJson()
    {
        var store = new InMemoryPayloadStore();
        var payloads = new WorkflowPayloads(store);
        string big = $$"""{"text":"{{RecordingTaskRunner.BigText}}"}""";
        (_, string? name) = await payloads.WriteAsync("wf", big);
        var runner = new RecordingTaskRunner();

        ActionTaskOutcome outcome = await payloads.RunActionAsync(runner, Request("test.echo", string.Empty) with { InputPayload = name });

        Assert.Equal(big, Assert.Single(runner.Requests).InputJson);
        Assert.Null(Assert.Single(runner.Requests).InputPayload);
        Assert.Equal(name, outcome.ResultPayload);
    }

    [Fact]
    public async Task WriteAsync_SameContentTwice_SameName()
    {
        var payloads = new WorkflowPayloads(new InMemoryPayloadStore());
        string big = new('x', WorkflowPayloads.Threshold + 1);

        (string json1, string? first) = await payloads.WriteAsync("wf", big);
        (_, string? second) = await payloads.WriteAsync("wf", big);

        Assert.Equal(string.Empty, json1);
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ReadAsync_MissingPayload_ThrowsNamingIt()
    {
        var payloads = new WorkflowPayloads(new InMemoryPayloadStore());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => payloads.ReadAsync(string.Empty, "workflows/wf/gone.json"));

        Assert.Contains("workflows/wf/gone.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepAsync_EventWithPayloadResult_StepperSeesJsonAndLargeStateIsOffloaded()
    {
        var store = new InMemoryPayloadStore();
        var payloads = new WorkflowPayloads(store);
        var stepper = new StagedTestStepper(new Dictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>>
        {
            ["test.one"] = [[new ActionTaskCommand(Key, "test.big", "{}")]],
        });
        WorkflowStep started = stepper.Start(new WorkflowOrchestrationInput("wf", "test.one", "{}"), DateTime.UnixEpoch);
        (_, string? result) = await payloads.WriteAsync("wf", $$"""{"text":"{{RecordingTaskRunner.BigText}}"}""");

        WorkflowStep step = await payloads.StepAsync(stepper, new WorkflowStepRequest(
            "wf", DateTime.UnixEpoch, State: started.State, TaskEvent: new TaskActionEvent(DateTime.UnixEpoch, Key, "succeeded", string.Empty, result)));

        Assert.Equal("succeeded", step.Status);
        Assert.True(step.IsTerminal);
        Assert.Equal(string.Empty, step.State);
        Assert.Equal(string.Empty, step.ResultJson);
        Assert.NotNull(step.StatePayload);
        Assert.NotNull(step.ResultPayload);
        Assert.Contains(RecordingTaskRunner.BigText, await payloads.ReadAsync(step.ResultJson, step.ResultPayload), StringComparison.Ordinal);
        Assert.False(WorkflowPayloads.IsLarge(step));
    }

    [Fact]
    public async Task StepAsync_StepperThrows_ReturnsFailedStepWithReason()
    {
        var payloads = new WorkflowPayloads(new InMemoryPayloadStore());
        var stepper = new StagedTestStepper(new Dictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>>());

        WorkflowStep step = await payloads.StepAsync(
            stepper, new WorkflowStepRequest("wf", DateTime.UnixEpoch, Start: new WorkflowOrchestrationInput("wf", "test.none", "{}")));

        Assert.Equal("failed", step.Status);
        Assert.Contains("The workflow could not start: No test workflow named test.none", step.ResultJson, StringComparison.Ordinal);
    }

    private static ActionTaskRequest Request(string actionRef, string input) => new("task-1", "wf", Key, actionRef, input);
}
