using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary><c>sflow run --local</c> on an Orquesta workflow: it runs on the in-process Durable engine.</summary>
public sealed class RunWorkflowCommandTests
{
    [Fact]
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

    [Fact]
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

    [Fact]
    public async Task Run_LocalWorkflowAsksAnInquiry_StopsPausedAndExitsThree()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await SflowCommand.RunAsync(
            ["run", "examples.orquesta-ask-basic", "--local", "--json", "--packs", RepositoryPaths.St2Packs], output, error);

        Assert.Equal(3, exit);
        var execution = (Dictionary<string, object?>)JsonText.Parse(output.ToString())!;
        Assert.Equal("paused", execution["status"]);
        Assert.Contains("with --local nothing can answer or resume it", error.ToString(), StringComparison.Ordinal);
    }
}
