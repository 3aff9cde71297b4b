using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary><c>sflow run --local</c> on an Orquesta workflow: it runs on the in-process Durable engine.</summary>
public sealed class RunWorkflowCommandTests
{
    [SkippableFact]
    public async Task Run_OrquestaSequentialJson_PrintsWorkflowResultAndExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await SflowCommand.RunAsync(
            ["run", "examples.orquesta-sequential", "name=Thanos", "--local", "--json", "--packs", RepositoryPaths.St2Packs], output, error);

        Assert.True(exit == 0, error.ToString());
        var execution = (Dictionary<string, object?>)JsonText.Parse(output.ToString())!;
        Assert.Equal("succeeded", execution["status"]);
        Assert.Equal("""{"output":{"greeting":"Thanos, All your base are belong to us!"}}""", JsonText.Serialize(execution["result"]));
    }

    // Expected output from StackStorm's integration test st2tests/integration/orquesta/test_wiring_functions_task.py.
    [SkippableTheory]
    [InlineData("examples.orquesta-test-yaql-task-functions")]
    [InlineData("examples.orquesta-test-jinja-task-functions")]
    public async Task Run_St2TaskFunctionsExample_ReachesStackStormsOutput(string workflow)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await SflowCommand.RunAsync(["run", workflow, "--local", "--json", "--packs", RepositoryPaths.St2Packs], output, error);

        Assert.True(exit == 0, error.ToString());
        var execution = (Dictionary<string, object?>)JsonText.Parse(output.ToString())!;
        var result = (Dictionary<string, object?>)execution["result"]!;
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["last_task4_result"] = "False",
                ["task9__1__parent"] = "task8__1",
                ["task9__2__parent"] = "task8__2",
                ["that_task_by_name"] = "task1",
                ["this_task_by_name"] = "task1",
                ["this_task_no_arg"] = "task1",
            },
            (Dictionary<string, object?>)result["output"]!);
    }

    [SkippableFact]
    public async Task Run_WorkflowText_ShowsEachTaskAsItFinishes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await SflowCommand.RunAsync(
            ["run", "examples.orquesta-sequential", "--local", "--packs", RepositoryPaths.St2Packs], output, error);

        Assert.Equal(0, exit);
        Assert.Contains("Lakshmi, All your base are belong to us!", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, error.ToString().Split('\n').Count(line => line.Contains("core.echo", StringComparison.Ordinal) && line.Contains("succeeded", StringComparison.Ordinal)));
    }

    [SkippableTheory]
    [InlineData("examples.orquesta-ask-basic", "paused")]
    // The inquiry is asked in a sub-workflow: that one pauses, and with it the parent (as st2 does).
    [InlineData("examples.orquesta-ask-nested", "paused")]
    public async Task Run_LocalWorkflowAsksAnInquiry_StopsWaitingAndExitsThree(string workflow, string status)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await SflowCommand.RunAsync(
            ["run", workflow, "--local", "--json", "--packs", RepositoryPaths.St2Packs], output, error);

        Assert.Equal(3, exit);
        var execution = (Dictionary<string, object?>)JsonText.Parse(output.ToString())!;
        Assert.Equal(status, execution["status"]);
        Assert.Contains("with --local nothing can answer or resume it", error.ToString(), StringComparison.Ordinal);
    }
}
