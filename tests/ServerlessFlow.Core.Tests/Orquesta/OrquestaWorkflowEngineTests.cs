using ServerlessFlow.Core.Orquesta;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Tests.Orquesta;

/// <summary>
/// With-items dispatch of the production engine: every item at once, as StackStorm's workflow service does, or one item in
/// flight at a time, as orquesta's rehearsal harness answers them (the conformance corpus's expectations).
/// </summary>
public sealed class OrquestaWorkflowEngineTests
{
    private const string Ref = "examples.items";

    // orquesta's with-items-remediate fixture: the failed task's result() is published and a remediation task runs.
    private const string ItemsWithRemediation = """
        version: 1.0
        vars:
          - xs: [fee, fi, fo, fum]
        tasks:
          task1:
            with: <% ctx(xs) %>
            action: core.echo message=<% item() %>
            next:
              - when: <% failed() %>
                publish: items=<% result() %>
                do: task2
          task2:
            action: core.noop
        output:
          - items: <% ctx(items) %>
        """;

    private static OrquestaWorkflowEngine Engine(int? itemsInFlight = null) =>
        new(new SingleWorkflowSpecSource(Ref, WorkflowSpec.Parse(ItemsWithRemediation)), EngineExpressionEvaluator.Default, new PlainActions(), itemsInFlight);

    private static WorkflowTurn Start(OrquestaWorkflowEngine engine) =>
        engine.Start(new WorkflowStart(Ref, new Dictionary<string, object?>(StringComparer.Ordinal), new Dictionary<string, object?>(StringComparer.Ordinal)));

    private static ActionStatusChanged Item(int item, WorkflowStatus status, object? result) => new(new TaskKey("task1", 0, item), status, result);

    [Fact]
    public void Start_WithItemsNoLimit_StartsEveryItemAtOnce()
    {
        var turn = Start(Engine());

        Assert.Equal([0, 1, 2, 3], turn.Actions.Select(a => a.Key.ItemId));
    }

    [Fact]
    public void Apply_ItemFailsWhileLaterItemRuns_TaskFailsWhenItEndsWithEveryResult()
    {
        var engine = Engine();
        var turn = Start(engine);

        turn = engine.Apply(turn.State, [Item(0, WorkflowStatus.Succeeded, "fee"), Item(1, WorkflowStatus.Succeeded, "fi"), Item(2, WorkflowStatus.Failed, null)]);
        Assert.Empty(turn.Actions);
        Assert.Equal(WorkflowStatus.Running, turn.Status);

        turn = engine.Apply(turn.State, Item(3, WorkflowStatus.Succeeded, "fum"));
        var remediation = Assert.Single(turn.Actions);
        Assert.Equal("task2", remediation.Key.TaskId);

        turn = engine.Apply(turn.State, new ActionStatusChanged(remediation.Key, WorkflowStatus.Succeeded, null));
        Assert.True(turn.IsFinished);
        Assert.Equal(WorkflowStatus.Succeeded, turn.Status);
        var output = Assert.IsType<Dictionary<string, object?>>(turn.Result!["output"]);
        Assert.Equal(["fee", "fi", null, "fum"], Assert.IsType<List<object?>>(output["items"]));
    }

    [Fact]
    public void Start_OneItemInFlight_StartsTheFirstItemOnly()
    {
        var turn = Start(Engine(itemsInFlight: 1));

        Assert.Equal(new TaskKey("task1", 0, 0), Assert.Single(turn.Actions).Key);
    }

    [Fact]
    public void Apply_OneItemInFlightAndItemFails_TaskFailsAtOnceWithoutTheUnstartedItems()
    {
        var engine = Engine(itemsInFlight: 1);
        var turn = Start(engine);

        turn = engine.Apply(turn.State, Item(0, WorkflowStatus.Succeeded, "fee"));
        Assert.Equal(new TaskKey("task1", 0, 1), Assert.Single(turn.Actions).Key);
        turn = engine.Apply(turn.State, Item(1, WorkflowStatus.Succeeded, "fi"));
        Assert.Equal(new TaskKey("task1", 0, 2), Assert.Single(turn.Actions).Key);
        turn = engine.Apply(turn.State, Item(2, WorkflowStatus.Failed, null));
        var remediation = Assert.Single(turn.Actions);
        Assert.Equal("task2", remediation.Key.TaskId);

        turn = engine.Apply(turn.State, new ActionStatusChanged(remediation.Key, WorkflowStatus.Succeeded, null));
        var output = Assert.IsType<Dictionary<string, object?>>(turn.Result!["output"]);
        Assert.Equal(["fee", "fi", null], Assert.IsType<List<object?>>(output["items"]));
    }

    [Fact]
    public void Constructor_NoItemInFlight_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine(itemsInFlight: 0));
    }

    /// <summary>Every action is an ordinary action run with its rendered input.</summary>
    private sealed class PlainActions : IWorkflowActionCatalog
    {
        public ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds) =>
            new(key, actionRef, input);
    }
}
