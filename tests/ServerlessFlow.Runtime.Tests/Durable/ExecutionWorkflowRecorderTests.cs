using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Durable;

public sealed class ExecutionWorkflowRecorderTests
{
    private static readonly ActionSpec SubWorkflow = Workflow("examples.deploy", ("target", false), ("token", true));

    private static ActionSpec Workflow(string actionRef, params (string Name, bool Secret)[] parameters)
    {
        var specs = parameters.ToDictionary(
            p => p.Name,
            p => ActionParameterSpec.FromSchema(
                p.Name, new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "string", ["secret"] = p.Secret }, SourcePosition.Start),
            StringComparer.Ordinal);
        return new ActionSpec
        {
            Ref = actionRef,
            Name = actionRef.Split('.')[1],
            Pack = actionRef.Split('.')[0],
            RunnerType = "orquesta",
            Parameters = specs,
            EffectiveParameters = specs,
            MetadataFile = "actions/deploy.yaml",
        };
    }

    [Fact]
    public async Task RecordAsync_SubWorkflowWithSecretParameter_StoresItMasked()
    {
        var host = new TestHost();
        var actions = new ActionExecutionService(
            host.Executions, host.Runners, RunnerTypeCatalog.Default, host.Time, findAction: r => r == SubWorkflow.Ref ? SubWorkflow : null);
        var recorder = new ExecutionWorkflowRecorder(host.Executions, actions);

        await recorder.RecordAsync(
            new WorkflowStatusRecord("sub-1", SubWorkflow.Ref, "parent-1", """{"target": "prod", "token": "s3cr3t"}""", "running", null, new DateTime(2026, 11, 25, 3, 0, 0, DateTimeKind.Utc)),
            CancellationToken.None);

        var stored = await host.Executions.GetAsync("sub-1");
        Assert.Equal(ExecutionStatus.Running, stored?.Status);
        Assert.Equal("prod", stored?.Parameters["target"]);
        Assert.Equal(ActionParameterResolver.Mask, stored?.Parameters["token"]);
        Assert.DoesNotContain("s3cr3t", JsonText.Serialize(stored!.ToPlain()), StringComparison.Ordinal);
    }
}
