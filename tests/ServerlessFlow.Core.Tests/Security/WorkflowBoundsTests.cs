using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Tests.Security;

/// <summary>Issue #12, finding 8, in the conductor: a cycle without an end and an enormous item list fail the workflow with
/// an error naming the bound, instead of running forever.</summary>
public sealed class WorkflowBoundsTests
{
    [Fact]
    public void Apply_CycleWithoutEnd_FailsAtTaskExecutionLimit()
    {
        const string yaml = """
            version: 1.0
            tasks:
              init:
                action: core.noop
                next:
                  - do: t1
              t1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: t1
            """;
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(yaml), EngineExpressionEvaluator.Default, new Dictionary<string, object?>()) { Limits = new WorkflowLimits(MaxTaskExecutions: 3) };
        var commands = conductor.Apply(new WorkflowStatusEvent(WorkflowStatuses.Running));

        // Without the bound the cycle asks for t1 again on every turn; 10 turns are plenty to reach a bound of 3.
        var turn = 0;
        for (; turn < 10 && commands.OfType<RunTaskCommand>().FirstOrDefault() is { } run; turn++)
        {
            conductor.Apply(new TaskStatusEvent(run.Task.Id, run.Task.Route, WorkflowStatuses.Running));
            commands = conductor.Apply(new TaskStatusEvent(run.Task.Id, run.Task.Route, WorkflowStatuses.Succeeded));
        }

        Assert.True(conductor.Status == WorkflowStatuses.Failed, $"{conductor.Status} after {turn} turns");
        Assert.Contains(conductor.Errors, e => ((string)e["message"]!).StartsWith(WorkflowLimits.ErrorType + ": The workflow reached 3 task executions", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_MoreItemsThanLimit_FailsNamingTheLimit()
    {
        const string yaml = """
            version: 1.0
            input:
              - xs
            tasks:
              t1:
                with: <% ctx().xs %>
                action: core.noop
            """;
        var inputs = new Dictionary<string, object?> { ["xs"] = new List<object?> { 1L, 2L, 3L } };
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(yaml), EngineExpressionEvaluator.Default, inputs) { Limits = new WorkflowLimits(MaxItems: 2) };

        var commands = conductor.Apply(new WorkflowStatusEvent(WorkflowStatuses.Running));

        Assert.Empty(commands.OfType<RunTaskCommand>());
        Assert.Equal(WorkflowStatuses.Failed, conductor.Status);
        Assert.Contains(conductor.Errors, e => ((string)e["message"]!).Contains("more than the 2", StringComparison.Ordinal));
    }
}
