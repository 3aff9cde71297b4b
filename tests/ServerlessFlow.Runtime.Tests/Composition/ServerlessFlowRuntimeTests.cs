using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Composition;

/// <summary>The one runtime composition: what a host chooses is what the runtime does.</summary>
public sealed class ServerlessFlowRuntimeTests : IDisposable
{
    private readonly string packs = Path.Combine(Path.GetTempPath(), "sflow-compose-" + Guid.NewGuid().ToString("N")[..12]);

    public ServerlessFlowRuntimeTests()
    {
        var pack = Path.Combine(packs, "demo");
        Directory.CreateDirectory(Path.Combine(pack, "actions", "workflows"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: demo\nname: demo\nversion: 1.0.0\ndescription: demo\nauthor: test\n");
        File.WriteAllText(Path.Combine(pack, "actions", "ctx.yaml"), "name: ctx\nrunner_type: orquesta\nentry_point: workflows/ctx.yaml\n");
        File.WriteAllText(
            Path.Combine(pack, "actions", "workflows", "ctx.yaml"),
            "version: 1.0\ntasks:\n  report:\n    action: core.echo\n    input:\n      message: <% ctx(st2).api_url %>/executions/<% ctx(st2).action_execution_id %>\n");
    }

    public void Dispose() => Directory.Delete(packs, recursive: true);

    private ServerlessFlowRuntime Create(string apiUrl)
    {
        PackCatalog catalog = CorePack.Load(Path.Combine(packs, "demo"));
        return ServerlessFlowRuntime.Create(TestRuntimeChoices.For(catalog) with { DatastoreCipher = null, ApiUrl = apiUrl });
    }

    [Fact]
    public void Create_ApiUrlChoice_IsWhatWorkflowsReadAsSt2ApiUrl()
    {
        ServerlessFlowRuntime runtime = Create("https://automation.example.com/api/v1");

        WorkflowStep step = runtime.Workflows.Start(new WorkflowOrchestrationInput("exec-1", "demo.ctx", "{}"), DateTime.UnixEpoch);

        ActionTaskCommand report = Assert.Single(step.Commands);
        Assert.Equal(
            "https://automation.example.com/api/v1/executions/exec-1",
            (JsonText.Parse(report.InputJson) as Dictionary<string, object?>)?["message"]);
    }

    [Fact]
    public async Task WithoutDurableClient_WorkflowOperation_FailsNamingWhy()
    {
        ServerlessFlowRuntime runtime = Create("http://127.0.0.1:7071/api/v1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.WithoutDurableClient.Workflows.SignalAsync("exec-2", WorkflowControlSignal.Pause));

        Assert.Contains("without a Durable client", error.Message, StringComparison.Ordinal);
    }
}
