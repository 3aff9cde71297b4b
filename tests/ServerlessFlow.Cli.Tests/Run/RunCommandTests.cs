using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests.Run;

/// <summary><c>sflow run --local</c> end to end over a pack folder written by the test (metadata as in st2's core pack), and
/// what <c>sflow run</c> says when it is used without <c>--local</c> but with local-only options or without a server.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string packs;

    public RunCommandTests()
    {
        packs = Directory.CreateTempSubdirectory("sflow-run-packs-").FullName;
        var actions = Directory.CreateDirectory(Path.Combine(packs, "core", "actions")).FullName;
        File.WriteAllText(Path.Combine(packs, "core", "pack.yaml"), "name: core\ndescription: Basic core actions.\nversion: 1.0.1\nauthor: StackStorm, Inc.\nemail: info@stackstorm.com\n");
        File.WriteAllText(Path.Combine(actions, "echo.yaml"), """
            description: Action that executes the Linux echo command on the localhost.
            runner_type: "local-shell-cmd"
            enabled: true
            entry_point: ''
            name: echo
            parameters:
              message:
                type: string
                required: true
              cmd:
                required: true
                type: string
                default: 'echo "{{message}}"'
                immutable: true
              kwarg_op:
                immutable: true
              sudo:
                default: false
                immutable: true
              sudo_password:
                immutable: true
            """);
        File.WriteAllText(Path.Combine(actions, "local.yaml"), """
            name: local
            runner_type: "local-shell-cmd"
            entry_point: ''
            parameters:
              cmd:
                required: true
                type: string
              sudo:
                immutable: true
            """);
        File.WriteAllText(Path.Combine(actions, "login.yaml"), """
            name: login
            runner_type: local-shell-cmd
            entry_point: ''
            parameters:
              password:
                type: string
                secret: true
                required: true
              cmd:
                type: string
                immutable: true
                default: 'test "{{ password }}" = "pa55-word-secret" && echo ok'
            """);
        File.WriteAllText(Path.Combine(actions, "ask.yaml"), "name: ask\nrunner_type: inquirer\nenabled: true\n");
        File.WriteAllText(Path.Combine(actions, "count.yaml"), """
            name: count
            runner_type: local-shell-script
            entry_point: count.sh
            parameters:
              times:
                type: integer
                position: 0
              loud:
                type: boolean
            """);
        File.WriteAllText(Path.Combine(actions, "count.sh"), "#!/bin/sh\necho \"$@\"\n");
    }

    public void Dispose() => Directory.Delete(packs, true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SflowCommand.RunAsync(["run", .. args, "--local", "--packs", packs], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_CoreEcho_PrintsStdoutAndExitsZero()
    {
        var (exit, stdout, _) = await RunAsync("core.echo", "message=x");
        Assert.Equal(0, exit);
        Assert.Contains("status: succeeded", stdout, StringComparison.Ordinal);
        Assert.Contains("\"stdout\": \"x\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_PrintsStackStormApiShape()
    {
        var (exit, stdout, _) = await RunAsync("core.echo", "message=hi there", "--json");
        Assert.Equal(0, exit);
        var record = Assert.IsType<Dictionary<string, object?>>(JsonText.Parse(stdout));
        Assert.Equal("succeeded", record["status"]);
        Assert.Equal("core.echo", ((Dictionary<string, object?>)record["action"]!)["ref"]);
        Assert.Equal(new Dictionary<string, object?> { ["message"] = "hi there" }, record["parameters"]);
        Assert.Equal("hi there", ((Dictionary<string, object?>)record["result"]!)["stdout"]);
        Assert.IsType<string>(record["id"]);
        Assert.IsType<string>(record["start_timestamp"]);
        Assert.IsType<string>(record["end_timestamp"]);
    }

    [Fact]
    public async Task Run_FailingCommand_ExitsOne()
    {
        var (exit, stdout, _) = await RunAsync("core.local", "cmd=exit 4");
        Assert.Equal(1, exit);
        Assert.Contains("status: failed", stdout, StringComparison.Ordinal);
        Assert.Contains("\"return_code\": 4", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownAction_ExitsTwoNamingIt()
    {
        var (exit, _, stderr) = await RunAsync("core.nope");
        Assert.Equal(2, exit);
        Assert.Contains("Action 'core.nope' was not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadParameters_ExitTwoWithReason()
    {
        Assert.Contains("'message' is a required property", (await RunAsync("core.echo")).Err, StringComparison.Ordinal);
        Assert.Contains("not in key=value form", (await RunAsync("core.echo", "message")).Err, StringComparison.Ordinal);
        var (exit, _, stderr) = await RunAsync("core.count", "times=many");
        Assert.Equal(2, exit);
        Assert.Contains("'many' is not an integer", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScriptWithTypedArguments_CastsFromText()
    {
        var (exit, stdout, _) = await RunAsync("core.count", "times=3", "loud=true", "--json");
        Assert.Equal(0, exit);
        var record = (Dictionary<string, object?>)JsonText.Parse(stdout)!;
        Assert.Equal("--loud 3", ((Dictionary<string, object?>)record["result"]!)["stdout"]);
    }

    [Fact]
    public async Task Run_SecretParameter_NeverPrinted()
    {
        foreach (string[] format in new[] { new[] { "--json" }, [] })
        {
            var (exit, stdout, stderr) = await RunAsync(["core.login", "password=pa55-word-secret", .. format]);
            Assert.Equal(0, exit);
            Assert.Contains("********", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("pa55-word-secret", stdout + stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_CoreAsk_IsPendingAndExitsThree()
    {
        var (exit, stdout, _) = await RunAsync("core.ask");
        Assert.Equal(3, exit);
        Assert.Contains("status: pending", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PacksOrStorageWithoutLocal_ExitsTwoSayingTheyNeedLocal()
    {
        var (packsExit, _, packsError) = await Sflow.RunAsync("run", "core.echo", "message=x", "--packs", packs);
        var (storageExit, _, storageError) = await Sflow.RunAsync("run", "core.echo", "message=x", "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(2, packsExit);
        Assert.Contains("--packs only applies with --local", packsError, StringComparison.Ordinal);
        Assert.Equal(2, storageExit);
        Assert.Contains("--storage only applies with --local", storageError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LocalWithUrl_ExitsTwoSayingTheyDoNotCombine()
    {
        var (exit, _, error) = await Sflow.RunAsync("run", "core.echo", "message=x", "--local", "--url", "http://127.0.0.1:9");

        Assert.Equal(2, exit);
        Assert.Contains("--url and --local cannot be combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoServerListening_ExitsOneSayingStartServeOrUseLocal()
    {
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
        var (exit, output, error) = await Sflow.RunAsync("run", "core.echo", "message=x", "--url", "http://127.0.0.1:9");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Cannot reach sflow serve at http://127.0.0.1:9", error, StringComparison.Ordinal);
        Assert.Contains("Start it with `sflow serve`", error, StringComparison.Ordinal);
        Assert.Contains("pass --local", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UrlNotHttp_ExitsTwoNamingIt()
    {
        var (exit, _, error) = await Sflow.RunAsync("run", "core.echo", "message=x", "--url", "ftp://example");

        Assert.Equal(2, exit);
        Assert.Contains("--url 'ftp://example' is not an http(s) address.", error, StringComparison.Ordinal);
    }
}
