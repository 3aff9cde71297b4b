using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Tests.Orquesta;

public sealed class WorkflowConductorTests
{
    // task1 → task2 with a publish; shared with Cli.Tests (tests/TestData/workflows/sequential.yaml).
    private static readonly string Sequential = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "workflows", "sequential.yaml"));

    private static WorkflowConductor Start(string yaml, Dictionary<string, object?>? input = null)
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(yaml), EngineExpressionEvaluator.Default, input);
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        return conductor;
    }

    [Fact]
    public void GetNextTasks_StartTask_RendersInlineInput()
    {
        var conductor = Start(Sequential, new() { ["name"] = "Stanley" });
        var task = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task1", task.Id);
        Assert.Equal("core.echo", task.Actions[0].Action);
        Assert.Equal(new Dictionary<string, object?> { ["message"] = "Stanley" }, task.Actions[0].Input);
    }

    [Fact]
    public void UpdateTaskState_SucceededWithPublish_NextTaskSeesPublishedValue()
    {
        var conductor = Start(Sequential, new() { ["name"] = "Stanley" });
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("running"));
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("succeeded", "hi Stanley"));
        var task = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(new Dictionary<string, object?> { ["message"] = "hi Stanley" }, task.Actions[0].Input);
    }

    [Fact]
    public void SerializeToJson_MidRun_RebuiltConductorContinues()
    {
        var conductor = Start(Sequential, new() { ["name"] = "Stanley" });
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("running"));
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("succeeded", "hi"));
        var rebuilt = WorkflowConductor.DeserializeFromJson(conductor.SerializeToJson(), EngineExpressionEvaluator.Default);
        Assert.Equal(conductor.SerializeToJson(), rebuilt.SerializeToJson());
        rebuilt.UpdateTaskState("task2", 0, new ExecutionEvent("running"));
        rebuilt.UpdateTaskState("task2", 0, new ExecutionEvent("succeeded"));
        rebuilt.RenderWorkflowOutput();
        Assert.Equal("succeeded", rebuilt.Status);
        Assert.Equal("hi", rebuilt.Output!["greeting"]);
    }

    [Fact]
    public void UpdateTaskState_FailedWithFailCommand_WorkflowFailsAndLogsError()
    {
        var conductor = Start(Sequential, new() { ["name"] = "x" });
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("running"));
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("failed", "boom"));
        Assert.Equal("failed", conductor.Status);

        // orquesta logs the action failure and, like any failed task, the fail command.
        Assert.Equal(["task1", "fail"], conductor.Errors.Select(e => e["task_id"]));
        Assert.Equal("Execution failed. See result for details.", conductor.Errors[0]["message"]);
        Assert.Equal("boom", conductor.Errors[0]["result"]);
        Assert.Equal(["task1", "fail"], conductor.State.Sequence.Select(t => t.Id));
    }

    [Fact]
    public void UpdateTaskState_UnknownTask_ThrowsInvalidTask()
    {
        var conductor = Start(Sequential);
        var error = Assert.Throws<WorkflowConductorException>(() => conductor.UpdateTaskState("nope", 0, new ExecutionEvent("running")));
        Assert.Equal("InvalidTask", error.ErrorType);
    }

    [Fact]
    public void UpdateTaskState_TaskNotStaged_ThrowsInvalidTaskStateEntry()
    {
        var conductor = Start(Sequential);
        var error = Assert.Throws<WorkflowConductorException>(() => conductor.UpdateTaskState("task2", 0, new ExecutionEvent("running")));
        Assert.Equal("InvalidTaskStateEntry", error.ErrorType);
    }

    [Fact]
    public void RequestWorkflowStatus_PauseWithActiveTask_PausingThenPausedWhenTaskEnds()
    {
        var conductor = Start(Sequential, new() { ["name"] = "x" });
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("running"));
        conductor.RequestWorkflowStatus("pausing");
        Assert.Equal("pausing", conductor.Status);
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("succeeded", "y"));
        Assert.Equal("paused", conductor.Status);
        Assert.Empty(conductor.GetNextTasks());
        conductor.RequestWorkflowStatus("resuming");
        Assert.Equal("task2", Assert.Single(conductor.GetNextTasks()).Id);
    }

    [Fact]
    public void GetNextTasks_WithItemsConcurrency_HandsOutAtMostConcurrencyItems()
    {
        var conductor = Start("""
            input:
              - xs
            tasks:
              task1:
                with:
                  items: <% ctx().xs %>
                  concurrency: 2
                action: core.echo message=<% item() %>
            """, new() { ["xs"] = new List<object?> { "a", "b", "c" } });
        var task = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(3, task.ItemsCount);
        Assert.Equal([0, 1], task.Actions.Select(a => a.ItemId!.Value));
        conductor.UpdateTaskState("task1", 0, new TaskItemExecutionEvent(0, "running"));
        conductor.UpdateTaskState("task1", 0, new TaskItemExecutionEvent(1, "running"));
        conductor.UpdateTaskState("task1", 0, new TaskItemExecutionEvent(0, "succeeded", "a", new List<object?> { "a", null, null }));
        Assert.Equal([2], Assert.Single(conductor.GetNextTasks()).Actions.Select(a => a.ItemId!.Value));
    }

    [Fact]
    public void Apply_EventsToCompletion_EndsWithFinishedCommand()
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(Sequential), EngineExpressionEvaluator.Default, new Dictionary<string, object?> { ["name"] = "n" });
        var commands = conductor.Apply(new WorkflowStatusEvent("running"));
        Assert.Equal("task1", Assert.IsType<RunTaskCommand>(Assert.Single(commands)).Task.Id);
        conductor.Apply(new TaskStatusEvent("task1", 0, "running"));
        commands = conductor.Apply(new TaskStatusEvent("task1", 0, "succeeded", "r"));
        Assert.Equal("task2", Assert.IsType<RunTaskCommand>(Assert.Single(commands)).Task.Id);
        conductor.Apply(new TaskStatusEvent("task2", 0, "running"));
        var finished = Assert.IsType<WorkflowFinishedCommand>(Assert.Single(conductor.Apply(new TaskStatusEvent("task2", 0, "succeeded"))));
        Assert.Equal("succeeded", finished.Status);
        Assert.Equal(new Dictionary<string, object?> { ["greeting"] = "r" }, finished.Output);
    }

    [Fact]
    public void DeserializeFromJson_MalformedState_ThrowsNamedError()
    {
        var error = Assert.Throws<WorkflowConductorException>(() =>
            WorkflowConductor.DeserializeFromJson("{\"spec\": {\"tasks\": {}}, \"state\": {\"sequence\": [{\"route\": \"x\"}]}}", EngineExpressionEvaluator.Default));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TransitionToUndefinedTask_ThrowsNamedError()
    {
        var spec = WorkflowSpec.Parse("tasks:\n  t1:\n    action: a\n    next:\n      - do: t9\n");
        var error = Assert.Throws<WorkflowConductorException>(() => new WorkflowConductor(spec, EngineExpressionEvaluator.Default));
        Assert.Contains("\"t9\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_InputFailsToRender_FinishesFailedWithError()
    {
        var spec = WorkflowSpec.Parse("input:\n  - a: <% ctx().missing %>\ntasks:\n  t1:\n    action: x\n");
        var conductor = new WorkflowConductor(spec, EngineExpressionEvaluator.Default);
        var finished = Assert.IsType<WorkflowFinishedCommand>(Assert.Single(conductor.Apply(new WorkflowStatusEvent("running"))));
        Assert.Equal("failed", finished.Status);
        Assert.StartsWith("YaqlEvaluationException: ", Assert.Single(finished.Errors)["message"] as string, StringComparison.Ordinal);
    }

    [Fact]
    public void DeserializeFromJson_OtherSpecGiven_ThrowsAndSameSpecIsReused()
    {
        var conductor = Start(Sequential, new() { ["name"] = "x" });
        var json = conductor.SerializeToJson();
        Assert.Same(conductor.Graph, WorkflowConductor.DeserializeFromJson(json, EngineExpressionEvaluator.Default, conductor.Spec).Graph);
        var other = WorkflowSpec.Parse("tasks:\n  t1:\n    action: a\n");
        var error = Assert.Throws<WorkflowConductorException>(() => WorkflowConductor.DeserializeFromJson(json, EngineExpressionEvaluator.Default, other));
        Assert.Contains("different workflow definition", error.Message, StringComparison.Ordinal);
    }
}
