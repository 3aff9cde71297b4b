using ServerlessFlow.Core.Orquesta.Graphs;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Tests.Orquesta;

public sealed class WorkflowSpecTests
{
    private const string Branching = """
        version: 1.0
        input:
          - name
          - greeting: hello
        tasks:
          task1:
            action: core.echo message="<% ctx().name %>" count=3 flag=true
            next:
              - when: <% succeeded() %>
                publish: a=1 b="x y"
                do: task2, task3
              - when: <% failed() %>
                do: [noop]
          task2:
            action: core.noop
            next:
              - do: noop
          task3:
            with: x in <% ctx().xs %>
            action: core.echo
          task4:
            join: all
        """;

    [Fact]
    public void Parse_InlineActionParameters_SplitsActionAndInput()
    {
        var spec = WorkflowSpec.Parse(Branching);
        var task1 = spec.GetTask("task1");
        Assert.Equal("core.echo", task1.Action);
        var input = Assert.IsType<Dictionary<string, object?>>(task1.Input);
        Assert.Equal("<% ctx().name %>", input["message"]);
        Assert.Equal(3L, input["count"]);
        Assert.Equal(true, input["flag"]);
    }

    [Fact]
    public void Parse_TransitionShorthands_ReadsPublishDoAndDefaultContinue()
    {
        var spec = WorkflowSpec.Parse(Branching);
        var first = spec.GetTask("task1").Next[0];
        Assert.Equal(["task2", "task3"], first.Do);
        Assert.Equal([new("a", 1L), new KeyValuePair<string, object?>("b", "x y")], first.Publish);
        Assert.Equal(["continue"], WorkflowSpec.Parse("tasks:\n  t:\n    action: a\n    next:\n      - when: <% succeeded() %>\n").GetTask("t").Next[0].Do);
    }

    [Fact]
    public void Parse_InputsAndItems_ReadsDefaultsAndItemKeys()
    {
        var spec = WorkflowSpec.Parse(Branching);
        Assert.False(spec.Input[0].HasValue);
        Assert.Equal("hello", spec.Input[1].Value);
        Assert.Equal(["x"], spec.GetTask("task3").With!.ItemKeys);
        Assert.Equal("<% ctx().xs %>", spec.GetTask("task3").With!.ItemsExpression);
    }

    [Fact]
    public void Parse_NotAMapping_ThrowsWithReason()
    {
        var error = Assert.Throws<WorkflowSpecException>(() => WorkflowSpec.Parse("- just\n- a list\n"));
        Assert.Contains("mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsSplitTask_EngineCommandNamedTwice_IsSplit()
    {
        var spec = WorkflowSpec.Parse(Branching);
        Assert.True(spec.IsSplitTask("noop"));
        Assert.False(spec.IsSplitTask("task2"));
        Assert.Equal(["task1", "task4"], spec.GetStartTasks());
    }

    [Fact]
    public void Compose_TwoTransitionsToSameTask_KeysCountUp()
    {
        var spec = WorkflowSpec.Parse("""
            tasks:
              start:
                action: x
                next:
                  - do: a
              a:
                action: x
                next:
                  - when: <% succeeded() %>
                    do: b
                  - when: <% failed() %>
                    do: b
              b:
                action: x
                next:
                  - when: <% failed() %>
                    do: a
            """);
        var graph = WorkflowGraph.Compose(spec);
        Assert.Equal(["b__t0", "b__t1"], graph.GetNextTransitions("a").Select(t => t.Id));
        Assert.True(graph.InCycle("a"));
        Assert.False(graph.InCycle("start"));
        Assert.Equal(["start"], graph.Roots);
    }
}
