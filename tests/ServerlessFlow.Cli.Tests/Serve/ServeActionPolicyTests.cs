using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Durable;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// A concurrency policy on <c>sflow serve</c>, through its HTTP API only: over the threshold an execution shows
/// <c>delayed</c> (as st2's API does), and canceling it there ends it <c>canceled</c> with st2's result before it ever runs.
/// </summary>
public sealed class ServeActionPolicyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sflow-serve-policies-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task DeleteExecution_DelayedByConcurrencyPolicy_CanceledBeforeItRunsOthersFinish()
    {
        string gate = Path.Combine(folder, "gate");
        File.WriteAllText(gate, string.Empty);
        PolicyDemoPack.Write(folder, gate);
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [folder],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var client = new ServeClient(host.Url);
        string body = JsonText.Serialize(new Dictionary<string, object?>
        {
            ["action"] = "policydemo.gate",
            ["parameters"] = new Dictionary<string, object?> { ["cmd"] = $"while [ -e '{gate}' ]; do sleep 0.05; done" },
        });

        // In sflow serve a plain action runs within its POST: three requests at once.
        var posts = Enumerable.Range(0, 3).Select(_ => Task.Run(() => client.SendAsync(HttpMethod.Post, "/api/v1/executions", body))).ToList();
        var listed = (List<object?>)(await client.WaitForAsync("/api/v1/executions?action=policydemo.gate", list =>
            list is List<object?> { Count: 3 } all && all.Count(e => Field(e, "status") is "running") == 2 && all.Count(e => Field(e, "status") is "delayed") == 1))!;
        string delayedId = (string)Field(listed.Single(e => Field(e, "status") is "delayed"), "id")!;
        var (deleteStatus, canceled) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/executions/{delayedId}");
        File.Delete(gate);
        var answers = await Task.WhenAll(posts);

        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Equal("canceled", Field(canceled, "status"));
        Assert.Equal("Action canceled by user.", Field(Field(canceled, "result"), "message"));
        Assert.Equal(2, answers.Count(a => a.Status == HttpStatusCode.Created && Field(a.Body, "status") is "succeeded"));
        var stored = await client.GetAsync($"/api/v1/executions/{delayedId}");
        Assert.Equal("canceled", Field(stored, "status"));
        Assert.Equal(["requested", "delayed", "canceled"], ((List<object?>)Field(stored, "log")!).Select(l => Field(l, "status")));
    }
}
