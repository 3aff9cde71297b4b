using System.Net;
using ServerlessFlow.Cli.Serve;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>The key-value API of <c>sflow serve</c> (in-memory stores). Workflow control (core.ask answered through the
/// inquiries API, cancel, pause and resume) is in <see cref="ServeEndToEndTests"/>, on both storage kinds.</summary>
public sealed class ServeWorkflowControlTests
{
    [SkippableFact]
    public async Task Keys_SetGetListDelete_RoundTripsInStackStormsShape()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var set = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/greeting", """{"value":"hello"}""");
        var got = await client.GetAsync("/api/v1/keys/greeting");
        var listed = (List<object?>)(await client.GetAsync("/api/v1/keys?prefix=gree"))!;
        var badValue = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/other", """{"value":5}""");
        var deleted = await client.SendAsync(HttpMethod.Delete, "/api/v1/keys/greeting");
        var gone = await client.SendAsync(HttpMethod.Get, "/api/v1/keys/greeting");
        var deletedAgain = await client.SendAsync(HttpMethod.Delete, "/api/v1/keys/greeting");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("hello", Field(got, "value"));
        Assert.Equal("st2kv.system", Field(got, "scope"));
        Assert.Equal("greeting", Field(Assert.Single(listed), "name"));
        Assert.Equal(HttpStatusCode.BadRequest, badValue.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.Status);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/keys"))!);
    }

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [RepositoryPaths.St2Packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
    });
}
