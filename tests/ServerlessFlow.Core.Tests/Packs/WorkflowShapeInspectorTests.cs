using ServerlessFlow.Core.Packs;
using static ServerlessFlow.Core.Tests.Packs.PackFixture;

namespace ServerlessFlow.Core.Tests.Packs;

public class WorkflowShapeInspectorTests
{
    private static string[] Inspect(string workflow)
    {
        var loaded = Load(
            ("actions/noop.yaml", "name: noop\nrunner_type: noop\n"),
            ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"),
            ("actions/workflows/flow.yaml", workflow));
        return Lines(PackCatalog.Create([loaded], new PackCatalogOptions { WorkflowInspectors = [new WorkflowShapeInspector()] }).Diagnostics);
    }

    [Fact]
    public void Inspect_StackStormsFailInspectionShape_ReportsInputListAndNestedExpression()
    {
        // The shape of st2's examples/actions/workflows/tests/orquesta-fail-inspection.yaml.
        const string workflow = """
            version: 1.0
            tasks:
              task1:
                action: demo.noop
                next:
                  - when: <% succeeded() %>
                    do:
                      - task2
              task2:
                action: demo.noop
                input:
                    - cmd: echo
                next:
                  - when: <% <% succeeded() %>
                    do: task3
              task3:
                action: demo.noop
            """;

        Assert.Equal(
            [
                "demo/actions/workflows/flow.yaml:12:9: error workflow-structure: task 'task2': 'input' must be a mapping of parameter names to values, not a list",
                "demo/actions/workflows/flow.yaml:14:15: error expression-syntax: expression '<% <% succeeded() %>' opens a new expression inside another one, so it cannot be parsed",
            ],
            Inspect(workflow));
    }

    [Fact]
    public void Inspect_StructuralMistakes_ReportsEachWithPosition()
    {
        const string workflow = """
            description: no version
            inputs: [a]
            vars:
              - plain
            tasks:
              t1:
                action: demo.noop
                nxt: []
                next:
                  - when: <% succeeded() %>
                    do: t2, missing
                    go: t3
                  - just a string
              t2:
                action: [demo.noop]
            output: {a: 1}
            """;

        Assert.Equal(
            [
                "demo/actions/workflows/flow.yaml:1:1: error workflow-structure: the workflow is missing 'version: 1.0'",
                "demo/actions/workflows/flow.yaml:2:1: error workflow-structure: the workflow has an unknown field 'inputs' (allowed: version, description, input, vars, tasks, output)",
                "demo/actions/workflows/flow.yaml:4:5: error workflow-structure: item 0 of 'vars' must be a mapping with exactly one key, not a string ('plain')",
                "demo/actions/workflows/flow.yaml:8:5: error workflow-structure: task 't1' has an unknown field 'nxt' (allowed: action, input, next, join, with, delay, retry)",
                "demo/actions/workflows/flow.yaml:11:13: error workflow-structure: task 't1' transitions to 'missing', which is not a task of this workflow",
                "demo/actions/workflows/flow.yaml:12:9: error workflow-structure: task 't1': transition 0 has an unknown field 'go' (allowed: when, publish, do)",
                "demo/actions/workflows/flow.yaml:13:9: error workflow-structure: task 't1': transition 1 must be a mapping with when/publish/do, not a string ('just a string')",
                "demo/actions/workflows/flow.yaml:15:13: error workflow-structure: task 't2': 'action' must be a string, not a list",
                "demo/actions/workflows/flow.yaml:16:9: error workflow-structure: 'output' must be a list of one-key mappings, not a mapping",
            ],
            Inspect(workflow));
    }

    [Fact]
    public void Inspect_ValidWorkflowWithJoinItemsAndEngineCommands_ReportsNothing()
    {
        const string workflow = """
            version: 1.0
            input:
              - xs
              - n: 2
            tasks:
              t1:
                with:
                  items: x in <% ctx().xs %>
                  concurrency: <% ctx().n %>
                action: demo.noop
                next:
                  - when: <% succeeded() %>
                    publish: a=<% result() %>
                    do: t2
                  - when: <% failed() %>
                    do: [fail]
              t2:
                join: all
                action: demo.noop
                input: {}
            output:
              - a: "{{ ctx('a') }} and <% ctx().a %>"
            """;

        Assert.Empty(Inspect(workflow));
    }
}
