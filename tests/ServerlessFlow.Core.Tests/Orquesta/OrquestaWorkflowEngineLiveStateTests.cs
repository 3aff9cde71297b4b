using ServerlessFlow.Core.Orquesta;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Tests.Orquesta;

/// <summary>
/// The engine's live states (<see cref="OrquestaWorkflowEngine.KeepsLiveState"/>, what the Durable orchestrator uses): the
/// same turns as plain states saved and restored between events, consumed by the turn they are handed to, and a with-items
/// task over 10,000 items that ends with every item's result in order (issue #19).
/// </summary>
public sealed class OrquestaWorkflowEngineLiveStateTests
{
    private const string Ref = "bench.items";

    private const string Items = """
        version: 1.0
        input:
          - count
          - concurrency
        tasks:
          each:
            with:
              items: <% range(0, ctx(count)) %>
              concurrency: <% ctx(concurrency) %>
            action: core.echo message=<% item() %>
            next:
              - when: <% succeeded() %>
                publish: results=<% result() %>
                do: after
          after:
            action: core.noop
        output:
          - results: <% ctx(results) %>
        """;

    private static OrquestaWorkflowEngine Engine(bool live) =>
        new(new SingleWorkflowSpecSource(Ref, WorkflowSpec.Parse(Items)), EngineExpressionEvaluator.Default, new PlainActions()) { KeepsLiveState = live };

    private static WorkflowTurn Start(OrquestaWorkflowEngine engine, long count, long concurrency) =>
        engine.Start(new WorkflowStart(
            Ref,
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["count"] = count, ["concurrency"] = concurrency },
            new Dictionary<string, object?>(StringComparer.Ordinal)));

    private static object? ResultOf(TaskKey key) => key.ItemId is int item ? "r" + item : null;

    [Fact]
    public void Apply_TenThousandItemsConcurrencyHundredLive_EveryResultInOrderAndAtMostHundredInFlight()
    {
        const int Count = 10_000;
        var engine = Engine(live: true);
        var turn = Start(engine, Count, 100);
        var inFlight = new Queue<TaskKey>(turn.Actions.Select(a => a.Key));
        int mostInFlight = inFlight.Count;
        while (!turn.IsFinished)
        {
            var key = inFlight.Dequeue();
            turn = engine.Apply(turn.State, new ActionStatusChanged(key, WorkflowStatus.Succeeded, ResultOf(key)));
            foreach (var action in turn.Actions)
            {
                inFlight.Enqueue(action.Key);
            }

            mostInFlight = Math.Max(mostInFlight, inFlight.Count);
        }

        Assert.Equal(WorkflowStatus.Succeeded, turn.Status);
        Assert.Equal(100, mostInFlight);
        var output = Assert.IsType<Dictionary<string, object?>>(turn.Result!["output"]);
        var results = Assert.IsType<List<object?>>(output["results"]);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (object?)("r" + i)), results);
    }

    [Fact]
    public void Apply_LiveAndSavedStates_SameTurnsAndSameFinalState()
    {
        var live = Engine(live: true);
        var saved = Engine(live: false);
        var liveTurn = Start(live, 60, 7);
        var savedTurn = Start(saved, 60, 7);
        var inFlight = new List<TaskKey>(liveTurn.Actions.Select(a => a.Key));
        var step = 0;
        while (!liveTurn.IsFinished)
        {
            Assert.Equal(savedTurn.Actions.Select(a => a.Key), liveTurn.Actions.Select(a => a.Key));
            // Items finish out of order (the latest started first), sometimes two in one turn.
            var take = inFlight.Count > 1 && step % 3 == 0 ? 2 : 1;
            var finished = inFlight.Skip(inFlight.Count - take).ToList();
            inFlight.RemoveRange(inFlight.Count - take, take);
            var events = finished.Select(k => (WorkflowEngineEvent)new ActionStatusChanged(k, WorkflowStatus.Succeeded, ResultOf(k))).ToList();
            liveTurn = live.Apply(liveTurn.State, events);
            // The saved side goes through JSON, as a host that saves its state between events does.
            savedTurn = saved.Apply(new WorkflowEngineState((Dictionary<string, object?>)JsonText.Parse(JsonText.Serialize(savedTurn.State.Value))!), events);
            inFlight.AddRange(liveTurn.Actions.Select(a => a.Key));
            step++;
        }

        Assert.True(savedTurn.IsFinished);
        Assert.Equal(JsonText.Serialize(savedTurn.Result), JsonText.Serialize(liveTurn.Result));
        Assert.Equal(JsonText.Serialize(savedTurn.State.Value), JsonText.Serialize(liveTurn.State.Value));
    }

    [Fact]
    public void Value_LiveStateHandedToLaterTurn_ThrowsInsteadOfAnsweringTheNewerState()
    {
        var engine = Engine(live: true);
        var first = Start(engine, 3, 3);
        Assert.True(first.State.IsLive);
        var key = first.Actions[0].Key;

        var second = engine.Apply(first.State, new ActionStatusChanged(key, WorkflowStatus.Succeeded, ResultOf(key)));

        Assert.False(first.State.IsLive);
        Assert.True(second.State.IsLive);
        Assert.Throws<InvalidOperationException>(() => first.State.Value);
    }

    [Fact]
    public void Apply_LiveStateReadBeforeLaterTurn_KeepsItsValue()
    {
        var engine = Engine(live: true);
        var first = Start(engine, 3, 3);
        string before = JsonText.Serialize(first.State.Value);
        var key = first.Actions[0].Key;

        engine.Apply(first.State, new ActionStatusChanged(key, WorkflowStatus.Succeeded, ResultOf(key)));

        Assert.Equal(before, JsonText.Serialize(first.State.Value));
    }

    private sealed class PlainActions : IWorkflowActionCatalog
    {
        public ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds) =>
            new(key, actionRef, input);
    }
}
