using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Orquesta;

/// <summary>st2's <c>task(id, route)</c> through the conductor: the task execution record with its
/// result (with-items: <c>result.items</c>), driven by mocked core.echo results, with and without
/// reloading the conductor from its JSON state after every event.</summary>
public sealed class TaskFunctionTests
{
    private static string ExamplesWorkflow(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.St2Examples, "actions", "workflows", name));

    /// <summary>What st2's core.echo (a local shell action) returns for a message.</summary>
    private static Dictionary<string, object?> Echo(object? input) => new(StringComparer.Ordinal)
    {
        ["stdout"] = (input as Dictionary<string, object?>)?.GetValueOrDefault("message") as string ?? string.Empty,
        ["stderr"] = string.Empty,
        ["return_code"] = 0L,
        ["succeeded"] = true,
        ["failed"] = false,
    };

    /// <summary>Runs a workflow to its end: each action is reported running when handed out, then
    /// succeeds (in order handed out) with <see cref="Echo"/>'s result.</summary>
    private static (WorkflowFinishedCommand Finished, List<TaskCommand> Ran) Run(string yaml, Dictionary<string, object?>? input, bool reload)
    {
        var spec = WorkflowSpec.Parse(yaml);
        var conductor = new WorkflowConductor(spec, EngineExpressionEvaluator.Default, input);
        var pending = new Queue<(TaskCommand Task, TaskActionCommand Action)>();
        var accumulated = new Dictionary<(string, long), List<object?>>();
        var ran = new List<TaskCommand>();
        var started = new HashSet<(string, long, int?)>();
        WorkflowFinishedCommand? finished = null;

        void Take(IReadOnlyList<ConductorCommand> commands)
        {
            foreach (var command in commands)
            {
                if (command is WorkflowFinishedCommand f)
                {
                    finished = f;
                }
                else if (command is RunTaskCommand run)
                {
                    ran.Add(run.Task);
                    if (run.Task.HasItems)
                    {
                        accumulated.TryAdd((run.Task.Id, run.Task.Route), [.. Enumerable.Repeat<object?>(null, run.Task.ItemsCount)]);
                    }

                    // Every Apply answers all tasks ready now, so an action can be asked for again before it is
                    // reported running: each is started once (as the Durable stepper does).
                    if (run.Task.HasItems && run.Task.ItemsCount == 0 && started.Add((run.Task.Id, run.Task.Route, null)))
                    {
                        // No items: the task runs no action and succeeds at once with an empty result (as st2).
                        Take(Send(new TaskStatusEvent(run.Task.Id, run.Task.Route, "running")));
                        Take(Send(new TaskStatusEvent(run.Task.Id, run.Task.Route, "succeeded", new List<object?>())));
                    }

                    foreach (var action in run.Task.Actions.Where(a => started.Add((run.Task.Id, run.Task.Route, a.ItemId))))
                    {
                        pending.Enqueue((run.Task, action));
                        Take(Send(new TaskStatusEvent(run.Task.Id, run.Task.Route, "running", ItemId: action.ItemId)));
                    }
                }
            }
        }

        IReadOnlyList<ConductorCommand> Send(WorkflowEvent e)
        {
            var commands = conductor.Apply(e);
            if (reload)
            {
                conductor = WorkflowConductor.DeserializeFromJson(conductor.SerializeToJson(), EngineExpressionEvaluator.Default, spec);
            }

            return commands;
        }

        Take(Send(new WorkflowStatusEvent("running")));
        while (finished is null)
        {
            Assert.True(pending.Count > 0, "the workflow stopped without finishing");
            var (task, action) = pending.Dequeue();
            var result = Echo(action.Input);
            List<object?>? items = null;
            if (action.ItemId is { } itemId)
            {
                items = accumulated[(task.Id, task.Route)];
                items[itemId] = result;
            }

            Take(Send(new TaskStatusEvent(task.Id, task.Route, "succeeded", result, action.ItemId, items is null ? null : new List<object?>(items))));
        }

        return (finished, ran);
    }

    private static List<object?> Strings(params string[] values) => [.. values];

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Task_PlainTask_ReturnsSt2RecordWithResult(bool reload)
    {
        var (finished, _) = Run("""
            version: 1.0
            tasks:
              task1:
                action: core.echo message="hello"
                next:
                  - do: task2
              task2:
                action: core.echo message=<% task(task1).result.stdout %>
            output:
              - record: <% task(task1) %>
              - echoed: <% task(task2).result.stdout %>
            """, null, reload);
        Assert.Equal("succeeded", finished.Status);
        var output = Assert.IsType<Dictionary<string, object?>>(finished.Output);
        var record = Assert.IsType<Dictionary<string, object?>>(output["record"]);
        Assert.Equal("task1", record["task_id"]);
        Assert.Equal("task1", record["task_name"]);
        Assert.Equal(0L, record["route"]);
        Assert.Equal("succeeded", record["status"]);
        Assert.True(PlainValues.DeepEquals(Echo(new Dictionary<string, object?> { ["message"] = "hello" }), record["result"]));
        Assert.Equal("hello", output["echoed"]);
    }

    [SkippableFact]
    public void Task_RunningTaskWithEmptyResult_KeepsEarlierResultAsSt2Does()
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Parse("""
            version: 1.0
            tasks:
              task1:
                action: core.echo message="x"
            output:
              - r: <% task(task1).result %>
            """), EngineExpressionEvaluator.Default, null);
        conductor.Apply(new WorkflowStatusEvent("running"));
        conductor.Apply(new TaskStatusEvent("task1", 0, "running", new Dictionary<string, object?> { ["stdout"] = "partial" }));
        var finished = Assert.IsType<WorkflowFinishedCommand>(Assert.Single(conductor.Apply(new TaskStatusEvent("task1", 0, "succeeded", new Dictionary<string, object?>()))));
        Assert.Equal(new Dictionary<string, object?> { ["stdout"] = "partial" }, Assert.IsType<Dictionary<string, object?>>(finished.Output)["r"]);
    }

    // orquesta-with-items-concurrency.yaml runs at most two items at a time; orquesta-with-items.yaml all five at once.
    [SkippableTheory]
    [InlineData("orquesta-with-items.yaml", 5, false)]
    [InlineData("orquesta-with-items.yaml", 5, true)]
    [InlineData("orquesta-with-items-concurrency.yaml", 2, false)]
    [InlineData("orquesta-with-items-concurrency.yaml", 2, true)]
    public void Task_WithItemsExamples_OutputListsEveryItemsStdout(string workflow, int concurrency, bool reload)
    {
        var members = Strings("Lakshmi", "Lindsay", "Tomaz", "Matt", "Dmitri");
        var (finished, ran) = Run(ExamplesWorkflow(workflow), new() { ["members"] = members }, reload);
        Assert.Equal("succeeded", finished.Status);
        Assert.Equal(concurrency, ran.Max(t => t.Actions.Count));
        var expected = members.Select(m => (object?)$"{m}, resistance is futile!").ToList();
        Assert.True(PlainValues.DeepEquals(new Dictionary<string, object?> { ["items"] = expected }, finished.Output), JsonText.Serialize(finished.Output));
    }

    [SkippableFact]
    public void Task_WithItemsPartlyDone_ItemsHoldStatusAndResultOrNull()
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Parse("""
            version: 1.0
            input:
              - xs
            tasks:
              task1:
                with:
                  items: <% ctx(xs) %>
                  concurrency: 1
                action: core.echo message=<% item() %>
                next:
                  - when: <% failed() %>
                    publish: seen=<% task(task1).result.items %>
            output:
              - seen: <% ctx(seen) %>
            """), EngineExpressionEvaluator.Default, new Dictionary<string, object?> { ["xs"] = Strings("a", "b") });
        conductor.Apply(new WorkflowStatusEvent("running"));
        conductor.Apply(new TaskStatusEvent("task1", 0, "running", ItemId: 0));
        var saved = conductor.SerializeToJson();
        // With concurrency 1 a failed item fails the task: item 1 never starts and stays null, as in st2.
        var finished = Assert.IsType<WorkflowFinishedCommand>(Assert.Single(conductor.Apply(new TaskStatusEvent("task1", 0, "failed", "boom", 0, new List<object?> { "boom", null }))));
        Assert.Equal("failed", finished.Status);
        var expected = new List<object?>
        {
            new Dictionary<string, object?> { ["status"] = "failed", ["result"] = "boom" },
            null,
        };
        Assert.True(PlainValues.DeepEquals(new Dictionary<string, object?> { ["seen"] = expected }, finished.Output), JsonText.Serialize(finished.Output));

        // The state saved while item 0 ran is not changed by the later events.
        var reloaded = WorkflowConductor.DeserializeFromJson(saved, EngineExpressionEvaluator.Default);
        var items = Assert.IsType<List<object?>>(Assert.IsType<Dictionary<string, object?>>(reloaded.State.Sequence[0].Result)["items"]);
        Assert.True(PlainValues.DeepEquals(new List<object?> { new Dictionary<string, object?> { ["status"] = "running", ["result"] = null }, null }, items), JsonText.Serialize(items));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Task_SplitRoutes_EachRouteHasItsOwnResultAndEarlierRoutesAreFound(bool reload)
    {
        var (finished, ran) = Run("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - do: [task2, task3]
              task2:
                action: core.noop
                next:
                  - publish:
                      - who: two
                    do: task4
              task3:
                action: core.noop
                next:
                  - publish:
                      - who: three
                    do: task4
              task4:
                action: core.echo message=<% ctx(who) %>
            output:
              - r1: <% task(task4, 1).result.stdout %>
              - r2: <% task(task4, 2).result.stdout %>
              - route1: <% task(task4, 1).route %>
              - task1_on_route2: <% task(task1, 2).route %>
            """, null, reload);
        Assert.True(finished.Status == "succeeded", JsonText.Serialize(finished.Errors));
        var byRoute = ran.Where(t => t.Id == "task4").ToDictionary(t => t.Route, t => Echo(t.Actions[0].Input)["stdout"]);
        Assert.Equal(["three", "two"], byRoute.Values.Cast<string>().Order(StringComparer.Ordinal));
        var output = Assert.IsType<Dictionary<string, object?>>(finished.Output);
        Assert.Equal(byRoute[1], output["r1"]);
        Assert.Equal(byRoute[2], output["r2"]);
        Assert.Equal(1L, output["route1"]);
        Assert.Equal(0L, output["task1_on_route2"]);
    }

    [SkippableTheory]
    [InlineData("task(nope).result", "Unable to find task execution for \"nope\"")]
    [InlineData("task(task1, 3).status", "IndexError: list index out of range")]
    public void Task_UnknownTaskOrRoute_FailsWorkflowWithSt2Message(string expression, string message)
    {
        var (finished, _) = Run($"""
            version: 1.0
            tasks:
              task1:
                action: core.noop
            output:
              - r: <% {expression} %>
            """, null, reload: false);
        Assert.Equal("failed", finished.Status);
        Assert.Contains(finished.Errors, e => (e.GetValueOrDefault("message") as string ?? string.Empty).Contains(message, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Task_WithItemsOverNoItems_ResultHasEmptyItemsList()
    {
        var (finished, _) = Run("""
            version: 1.0
            input:
              - xs
            tasks:
              task1:
                with: <% ctx(xs) %>
                action: core.echo message=<% item() %>
            output:
              - r: <% task(task1).result %>
              - s: <% task(task1).status %>
            """, new() { ["xs"] = new List<object?>() }, reload: true);
        Assert.True(PlainValues.DeepEquals(
            new Dictionary<string, object?> { ["r"] = new Dictionary<string, object?> { ["items"] = new List<object?>() }, ["s"] = "succeeded" },
            finished.Output), JsonText.Serialize(finished.Output));
    }
}
