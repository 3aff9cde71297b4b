using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary>StackStorm's action create, update and delete (<c>POST</c>/<c>PUT</c>/<c>DELETE /api/v1/actions</c>) on a host that
/// changes its packs while it runs: the metadata lands in the pack's <c>actions/</c> folder, the pack loader checks it, and the
/// next request (and run) sees it; a refused body leaves the folder as it was.</summary>
public sealed class ActionWritesTests : IDisposable
{
    private const string Json = "application/json";

    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-actions-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string pack;

    public ActionWritesTests()
    {
        pack = Path.Combine(root, "packs", "mine");
        Directory.CreateDirectory(Path.Combine(pack, "actions"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: mine\nname: mine\nversion: 1.0.0\ndescription: actions made through the API\nauthor: test\nemail: t@example.com\n");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Post_ShellScriptWithDataFile_WritesYamlAndScriptAndTheNextRunUsesThem()
    {
        var runtime = Create();

        var created = await CallAsync(runtime, "POST", "", """
            {"name": "greet", "pack": "mine", "runner_type": "local-shell-script", "entry_point": "greet.sh",
             "description": "says hello", "enabled": true,
             "parameters": {"who": {"type": "string", "default": "yes", "position": 0}},
             "data_files": [{"file_path": "greet.sh", "content": "#!/bin/sh\necho \"hello $1\"\n"}]}
            """);
        var run = await runtime.WithoutDurableClient.Api.HandleAsync("executions", ApiCalls.With("POST", "", """{"action": "mine.greet"}""", ("Content-Type", Json)), CancellationToken.None);

        Assert.Equal(201, created.StatusCode);
        Assert.Equal("mine.greet", ApiCalls.Object(created)["ref"]);
        Assert.Equal("actions/greet.yaml", ApiCalls.Object(created)["metadata_file"]);
        var yaml = await File.ReadAllTextAsync(Path.Combine(pack, "actions", "greet.yaml"));
        Assert.Contains("runner_type: local-shell-script\n", yaml, StringComparison.Ordinal);
        Assert.Contains("default: \"yes\"", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("data_files", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pack, "actions", "greet.sh")));
        Assert.Equal(200, (await CallAsync(runtime, "GET", "mine.greet")).StatusCode);
        Assert.Equal(201, run.StatusCode);
        Assert.Equal("hello yes", ((Dictionary<string, object?>)ApiCalls.Object(run)["result"]!)["stdout"]);
    }

    [Fact]
    public async Task Post_ActionWithSecretOutput_TheEventStreamMasksItsExecutionsToo()
    {
        var runtime = Create();
        using var stream = runtime.Events.Subscribe();
        Assert.Equal(201, (await CallAsync(runtime, "POST", "", """
            {"name": "token", "pack": "mine", "runner_type": "python-script", "entry_point": "token.py",
             "output_schema": {"token": {"type": "string", "secret": true}},
             "data_files": [{"file_path": "token.py", "content": "from st2common.runners.base_action import Action\n"}]}
            """)).StatusCode);

        // A run's record as the runner leaves it (python-script's output key is "result"), written through the runtime's store.
        var execution = ExecutionState.Create("run-1", "mine.token", "python-script", [], new ExecutionContextState(), DateTimeOffset.UtcNow) with
        {
            Status = ExecutionStatus.Succeeded,
            Result = new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["token"] = "tok-4711" } },
        };
        await runtime.Stores.Executions.CreateAsync(execution);

        // The stream's view was built when the host started, before the action existed; it masks by the actions running now.
        Assert.True(stream.Events.TryRead(out var created));
        Assert.Equal("mine.token", ((Dictionary<string, object?>)created.Payload["action"]!)["ref"]);
        Assert.DoesNotContain("tok-4711", Core.Values.JsonText.Serialize(created.Payload), StringComparison.Ordinal);
        Assert.Contains("tok-4711", Core.Values.JsonText.Serialize((await runtime.Stores.Executions.GetAsync("run-1"))!.Result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NewDefault_ReplacesTheFileAndBadBodyLeavesItByteForByte()
    {
        var runtime = Create();
        Assert.Equal(201, (await CallAsync(runtime, "POST", "", """{"name": "say", "pack": "mine", "runner_type": "local-shell-cmd", "parameters": {"cmd": {"default": "echo one"}}}""")).StatusCode);

        var updated = await CallAsync(runtime, "PUT", "mine.say", """{"name": "say", "pack": "mine", "runner_type": "local-shell-cmd", "parameters": {"cmd": {"default": "echo two"}}}""");
        var good = await File.ReadAllBytesAsync(Path.Combine(pack, "actions", "say.yaml"));
        var refused = await CallAsync(runtime, "PUT", "mine.say", """{"name": "say", "pack": "mine", "runner_type": "no-such-runner"}""");
        var renamed = await CallAsync(runtime, "PUT", "mine.say", """{"name": "other", "pack": "mine", "runner_type": "local-shell-cmd"}""");

        Assert.Equal(200, updated.StatusCode);
        Assert.Equal("echo two", ((Dictionary<string, object?>)((Dictionary<string, object?>)ApiCalls.Object(updated)["parameters"]!)["cmd"]!)["default"]);
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("no-such-runner", ApiCalls.Fault(refused), StringComparison.Ordinal);
        Assert.Contains("actions/say.yaml", ApiCalls.Fault(refused), StringComparison.Ordinal);
        Assert.Equal(good, await File.ReadAllBytesAsync(Path.Combine(pack, "actions", "say.yaml")));
        Assert.Equal(400, renamed.StatusCode);
        Assert.Equal("local-shell-cmd", ApiCalls.Object(await CallAsync(runtime, "GET", "mine.say"))["runner_type"]);
    }

    [Theory]
    [InlineData("""{"name": "x", "pack": "core", "runner_type": "noop"}""", 400, "system level packs")]
    [InlineData("""{"name": "x", "pack": "nowhere", "runner_type": "noop"}""", 400, "Pack nowhere is not loaded")]
    [InlineData("""{"name": "../x", "pack": "mine", "runner_type": "noop"}""", 400, "'name'")]
    [InlineData("""{"pack": "mine", "runner_type": "noop"}""", 400, "'name'")]
    [InlineData("""{"name": "x", "pack": "mine", "runner_type": "noop", "data_files": [{"file_path": "../../escape.sh", "content": "x"}]}""", 400, "inside the pack folder")]
    [InlineData("""{"name": "x", "pack": "mine", "runner_type": "noop", "data_files": "x"}""", 400, "'data_files'")]
    [InlineData("""{"name": "x", "pack": "mine", "runner_type": "local-shell-script", "entry_point": "missing.sh"}""", 400, "missing.sh")]
    public async Task Post_BadBody_AnswersWhyAndWritesNothing(string body, int status, string why)
    {
        var runtime = Create();
        var before = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var answer = await CallAsync(runtime, "POST", "", body);

        Assert.Equal(status, answer.StatusCode);
        Assert.Contains(why, ApiCalls.Fault(answer), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(404, (await CallAsync(runtime, "GET", "mine.x")).StatusCode);
    }

    [Fact]
    public async Task Post_ExistingAction_IsAConflict()
    {
        var runtime = Create();
        const string Body = """{"name": "twice", "pack": "mine", "runner_type": "noop"}""";
        Assert.Equal(201, (await CallAsync(runtime, "POST", "", Body)).StatusCode);

        var again = await CallAsync(runtime, "POST", "", Body);

        Assert.Equal(409, again.StatusCode);
        Assert.Contains("PUT /api/v1/actions/mine.twice", ApiCalls.Fault(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithRemoveFiles_RemovesMetadataAndEntryPointAndTheAction()
    {
        var runtime = Create();
        Assert.Equal(201, (await CallAsync(runtime, "POST", "", """{"name": "gone", "pack": "mine", "runner_type": "local-shell-script", "entry_point": "gone.sh", "data_files": [{"file_path": "gone.sh", "content": "echo gone"}]}""")).StatusCode);

        var deleted = await CallAsync(runtime, "DELETE", "mine.gone", """{"remove_files": true}""");

        Assert.Equal(204, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(pack, "actions", "gone.yaml")));
        Assert.False(File.Exists(Path.Combine(pack, "actions", "gone.sh")));
        Assert.Equal(404, (await CallAsync(runtime, "GET", "mine.gone")).StatusCode);
        Assert.Equal(404, (await CallAsync(runtime, "DELETE", "mine.gone")).StatusCode);
        Assert.Equal(400, (await CallAsync(runtime, "DELETE", "core.echo")).StatusCode);
    }

    [Fact]
    public async Task Post_HostWithDeployedPacks_IsNotAllowed()
    {
        var runtime = Create(writable: false);

        var answer = await CallAsync(runtime, "POST", "", """{"name": "x", "pack": "mine", "runner_type": "noop"}""");

        Assert.Equal(405, answer.StatusCode);
        Assert.Equal("GET", answer.Headers["Allow"]);
    }

    private static Task<ApiResult> CallAsync(ServerlessFlowRuntime runtime, string method, string path, string? body = null) =>
        runtime.WithoutDurableClient.Api.HandleAsync("actions", ApiCalls.With(method, path, body, ("Content-Type", Json)), CancellationToken.None);

    private ServerlessFlowRuntime Create(bool writable = true)
    {
        string[] folders = [Path.Combine(root, "packs"), CorePack.Directory];
        var loaded = LoadedPacks.Load(folders);
        return ServerlessFlowRuntime.Create(TestRuntimeChoices.For(loaded.Catalog, loaded.Rules) with
        {
            Packs = writable ? new PackHostChoice(() => LoadedPacks.Load(folders), new PackInstallOptions { PacksFolder = Path.Combine(root, "packs"), OtherPackFolders = folders }) : null,
        });
    }
}
