using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Orquesta;

public sealed class ConductorRandomTests
{
    private const string Workflow = """
        version: 1.0
        vars:
          - token: <% str(random(1000000, 9999999)) %>
        tasks:
          task1:
            action: core.echo message=<% ctx().token %>
          task2:
            action: core.noop
            input:
              n: <% random(1, 6) %>
              f: <% random() %>
        """;

    private static WorkflowConductor Start(Dictionary<string, object?>? context = null)
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(Workflow), EngineExpressionEvaluator.Default, null, context);
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        return conductor;
    }

    [Fact]
    public void Random_InWorkflowVars_RendersWithinRange()
    {
        var conductor = Start();

        var tasks = conductor.GetNextTasks();

        var message = (string)((Dictionary<string, object?>)tasks.Single(t => t.Id == "task1").Actions[0].Input!)["message"]!;
        Assert.InRange(long.Parse(message, System.Globalization.CultureInfo.InvariantCulture), 1_000_000, 9_999_999);
        var input = (Dictionary<string, object?>)tasks.Single(t => t.Id == "task2").Actions[0].Input!;
        Assert.InRange((long)input["n"]!, 1, 6);
        Assert.InRange((double)input["f"]!, 0.0, 1.0);
    }

    [Fact]
    public void Random_SameExecutionReplayed_GivesSameNumbers()
    {
        var first = Start(new() { ["st2"] = new Dictionary<string, object?> { ["action_execution_id"] = "a1" } });
        var replay = Start(new() { ["st2"] = new Dictionary<string, object?> { ["action_execution_id"] = "a1" } });

        Assert.Equal(JsonText.Serialize(first.GetNextTasks().Select(t => t.Actions[0].Input).ToList()), JsonText.Serialize(replay.GetNextTasks().Select(t => t.Actions[0].Input).ToList()));
    }

    [Fact]
    public void Random_ConductorReloadedMidRun_ContinuesTheSameSequence()
    {
        var straight = Start();
        var firstDraws = JsonText.Serialize(straight.GetNextTasks().Select(t => t.Actions[0].Input).ToList());
        var again = straight.GetNextTasks();
        Assert.Equal(2, again.Count);
        var expected = JsonText.Serialize(again.Select(t => t.Actions[0].Input).ToList());
        Assert.NotEqual(firstDraws, expected);

        var saved = Start();
        _ = saved.GetNextTasks();
        var reloaded = WorkflowConductor.Deserialize(JsonText.Parse(saved.SerializeToJson()), EngineExpressionEvaluator.Default);

        Assert.Equal(expected, JsonText.Serialize(reloaded.GetNextTasks().Select(t => t.Actions[0].Input).ToList()));
    }

    [Fact]
    public void Random_OutsideAWorkflow_IsRefusedWithReason()
    {
        var ex = Assert.Throws<ExpressionException>(() => new ExpressionEngine().Evaluate("<% random() %>", ExpressionScope.Empty));

        Assert.Contains("random()", ex.Message, StringComparison.Ordinal);
    }
}
