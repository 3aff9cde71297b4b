using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// Cancel of a running shell action on <c>sflow serve</c>, through its HTTP API only (st2's <c>request_cancellation</c>): the
/// action's whole process group dies and the execution ends <c>canceled</c>, alone or as a task of a canceled workflow.
/// </summary>
public sealed class ServeCancelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sflow-serve-cancel-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task DeleteExecution_RunningShellActionAndWorkflowTask_KillsTheirProcessesAndEndsCanceled()
    {
        WritePack();
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [Path.Combine(folder, "canceldemo")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var client = new ServeClient(host.Url);

        // A plain action: in sflow serve it runs within its POST, which answers once the cancel has ended it.
        string plainPid = Path.Combine(folder, "plain.pid");
        var post = Task.Run(() => client.SendAsync(HttpMethod.Post, "/api/v1/executions", Run("canceldemo.sleeper", plainPid)));
        string plainId = await RunningIdAsync(client, "canceldemo.sleeper", plainPid);
        var (deleteStatus, deleted) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{plainId}");
        var (postStatus, posted) = await post;

        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Contains(Field(deleted, "status"), new object?[] { "canceling", "canceled" });
        Assert.Equal(HttpStatusCode.Created, postStatus);
        Assert.Equal("canceled", Field(posted, "status"));
        Assert.Equal("Action canceled by user.", Field(Field(posted, "result"), "message"));
        Assert.True(await GoneAsync(plainPid), "the plain action's background child outlived the cancel");

        // A workflow: canceling it kills its running task, and the task after it never starts.
        string taskPid = Path.Combine(folder, "task.pid");
        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", Run("canceldemo.flow", taskPid));
        string workflowId = (string)Field(started, "id")!;
        string taskId = await RunningIdAsync(client, "canceldemo.sleeper", taskPid);
        var (workflowDelete, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{workflowId}");
        var workflow = await client.WaitForAsync($"/api/v1/executions/{workflowId}", e => Field(e, "status") is "canceled" or "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.OK, workflowDelete);
        Assert.Equal("canceled", Field(workflow, "status"));
        Assert.Equal("canceled", Field(await client.GetAsync($"/api/v1/executions/{taskId}"), "status"));
        var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{workflowId}/children"))!;
        Assert.DoesNotContain(children, c => Field(c, "action") is Dictionary<string, object?> a && a.GetValueOrDefault("ref") is "core.noop");
        Assert.Single(children);
        Assert.True(await GoneAsync(taskPid), "the task's background child outlived the cancel");
    }

    private static string Run(string action, string pidFile) => JsonText.Serialize(new Dictionary<string, object?>
    {
        ["action"] = action,
        ["parameters"] = new Dictionary<string, object?> { ["pid_file"] = pidFile },
    });

    private static async Task<string> RunningIdAsync(ServeClient client, string action, string pidFile)
    {
        // The action's own sign of life (its pid file) and its record running; no timing.
        var listed = (List<object?>)(await client.WaitForAsync($"/api/v1/executions?action={action}&status=running", list =>
            File.Exists(pidFile) && new FileInfo(pidFile).Length > 0 && list is List<object?> { Count: > 0 }))!;
        return (string)Field(listed[0], "id")!;
    }

    private static async Task<bool> GoneAsync(string pidFile)
    {
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 600; i++)
        {
            var stat = $"/proc/{pid}/stat";
            try
            {
                if (!File.Exists(stat) || File.ReadAllText(stat) is var text && text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private void WritePack()
    {
        string pack = Path.Combine(folder, "canceldemo");
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pack.yaml"] = "ref: canceldemo\nname: canceldemo\ndescription: long shell actions to cancel\nversion: 1.0.0\nauthor: t\nemail: t@example.com\n",

            // A background child, as a real script might leave: the cancel must take the whole process group.
            ["actions/sleeper.yaml"] = "name: sleeper\nrunner_type: local-shell-cmd\nparameters:\n  pid_file:\n    type: string\n    required: true\n"
                + "  cmd:\n    default: \"sleep 600 & echo $! > {{ pid_file }}; wait\"\n    immutable: true\n",
            ["actions/flow.yaml"] = "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\nparameters:\n  pid_file:\n    type: string\n    required: true\n",
            ["actions/workflows/flow.yaml"] = "version: 1.0\ninput:\n  - pid_file\ntasks:\n  sleep:\n    action: canceldemo.sleeper\n    input:\n      pid_file: <% ctx().pid_file %>\n"
                + "    next:\n      - do: after\n  after:\n    action: core.noop\n",
        };
        foreach ((string path, string text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(pack, path))!);
            File.WriteAllText(Path.Combine(pack, path), text);
        }
    }
}
