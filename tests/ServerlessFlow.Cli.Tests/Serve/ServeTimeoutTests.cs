using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// An action's <c>timeout</c> on <c>sflow serve</c>, through its HTTP API only: past it the action is killed and the execution
/// ends <c>timeout</c>, as st2's runners end it; in an Orquesta workflow the timed-out task counts as failed (orquesta's
/// status map), so a <c>when: failed()</c> transition takes it and the workflow goes on. StackStorm's Orquesta and
/// ActionChain have no task- or workflow-level timeout of their own: the action's is the one there is.
/// </summary>
public sealed class ServeTimeoutTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sflow-serve-timeout-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task PostExecution_ActionPastItsTimeout_EndsTimeoutAloneAndAsAFailedWorkflowTask()
    {
        WritePack();
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [Path.Combine(folder, "timeoutdemo"), Path.Combine(RepositoryPaths.Root, "packs", "core")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var client = new ServeClient(host.Url);

        var (plainStatus, plain) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action": "timeoutdemo.slow"}""");
        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action": "timeoutdemo.flow"}""");
        string workflowId = (string)Field(started, "id")!;
        var workflow = await client.WaitForAsync($"/api/v1/executions/{workflowId}", e => Field(e, "status") is "succeeded" or "failed" or "canceled" or "timeout");
        var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{workflowId}/children"))!;

        Assert.Equal(HttpStatusCode.Created, plainStatus);
        Assert.Equal("timeout", Field(plain, "status"));
        Assert.True(Field(workflow, "status") is "succeeded", JsonText.Serialize(workflow));
        Assert.Equal("slow timed out", Field(Field(Field(workflow, "result"), "output"), "note"));
        Assert.Equal(["timeout", "succeeded"], children.Select(c => (string)Field(c, "status")!).ToList());
    }

    private void WritePack()
    {
        string pack = Path.Combine(folder, "timeoutdemo");
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pack.yaml"] = "ref: timeoutdemo\nname: timeoutdemo\ndescription: an action past its timeout\nversion: 1.0.0\nauthor: t\nemail: t@example.com\n",
            ["actions/slow.yaml"] = "name: slow\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: sleep 600\n  timeout:\n    default: 1\n",
            ["actions/flow.yaml"] = "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n",
            ["actions/workflows/flow.yaml"] = "version: 1.0\ntasks:\n  slow:\n    action: timeoutdemo.slow\n    next:\n      - when: <% failed() %>\n        publish:\n          - note: slow timed out\n        do: after\n"
                + "  after:\n    action: core.noop\noutput:\n  - note: <% ctx().note %>\n",
        };
        foreach ((string path, string text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(pack, path))!);
            File.WriteAllText(Path.Combine(pack, path), text);
        }
    }
}
