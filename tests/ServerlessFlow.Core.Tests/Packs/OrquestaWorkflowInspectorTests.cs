using static ServerlessFlow.Core.Tests.Packs.PackFixture;

namespace ServerlessFlow.Core.Tests.Packs;

public class OrquestaWorkflowInspectorTests
{
    [Fact]
    public void Inspect_StackStormsFailInspectionWorkflow_ReportsContextSyntaxAndExpressionErrorsAtTheirLines()
    {
        // st2's examples/actions/workflows/tests/orquesta-fail-inspection.yaml, with demo.noop for core.local.
        const string workflow = """
            version: 1.0

            description: A basic sequential workflow.

            vars:
              - macro: polo

            tasks:
              task1:
                action: demo.noop cmd=<% ctx().foobar %>
                next:
                  - when: <% succeeded() %>
                    do:
                      - task2
              task2:
                action: demo.noop
                input:
                    - cmd: echo <% ctx().macro %>
                next:
                  - when: <% <% succeeded() %>
                    do: task3
              task3:
                action: demo.noop
            """;

        var catalog = Catalog(
            ("actions/noop.yaml", "name: noop\nrunner_type: local-shell-cmd\n"),
            ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"),
            ("actions/workflows/flow.yaml", workflow));

        Assert.Equal(
            [
                "demo/actions/workflows/flow.yaml:10:13: error workflow-context: tasks.task1.input: Variable \"foobar\" is referenced before assignment.",
                "demo/actions/workflows/flow.yaml:18:9: error workflow-syntax: tasks.task2.input: [{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas",
                "demo/actions/workflows/flow.yaml:20:15: error workflow-expressions: tasks.task2.next[0].when: Parse error: unexpected '<' at position 0 of expression '<% succeeded()'",
            ],
            Lines(catalog.Diagnostics));
    }

    [Fact]
    public void Inspect_ValidWorkflow_ReportsNothing()
    {
        const string workflow = """
            version: 1.0
            input:
              - xs
            tasks:
              each:
                with: <% ctx().xs %>
                action: demo.noop
                next:
                  - when: <% succeeded() %>
                    publish: n=<% len(result()) %>
                    do: done
              done:
                action: demo.noop
            output:
              - n: <% ctx().n %>
            """;

        var catalog = Catalog(
            ("actions/noop.yaml", "name: noop\nrunner_type: noop\n"),
            ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"),
            ("actions/workflows/flow.yaml", workflow));

        Assert.Empty(catalog.Diagnostics);
    }
}
