using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Tests.Runners;

public sealed class LocalShellScriptRunnerTests
{
    private static readonly Dictionary<string, object?> Schema = new()
    {
        ["first"] = new Dictionary<string, object?> { ["type"] = "string", ["position"] = 0L },
        ["flag"] = new Dictionary<string, object?> { ["type"] = "boolean", ["position"] = 1L },
        ["items"] = new Dictionary<string, object?> { ["type"] = "array", ["position"] = 2L },
        ["name"] = new Dictionary<string, object?> { ["type"] = "string" },
        ["verbose"] = new Dictionary<string, object?> { ["type"] = "boolean" },
        ["quiet"] = new Dictionary<string, object?> { ["type"] = "boolean" },
        ["empty"] = new Dictionary<string, object?> { ["type"] = "string" },
    };

    [Fact]
    public void BuildArguments_MixedParameters_FollowsStackStormOrderAndSerialisation()
    {
        var arguments = LocalShellScriptRunner.BuildArguments(
            new Dictionary<string, object?>
            {
                ["first"] = "a b", ["flag"] = true, ["items"] = new List<object?> { "x", 2L },
                ["name"] = "n", ["verbose"] = true, ["quiet"] = false, ["empty"] = string.Empty,
            },
            Schema,
            "--");
        Assert.Equal(["--name=n", "--verbose", "a b", "1", "x,2"], arguments);
    }

    [Fact]
    public void SerializePositional_IntegerZero_IsEmptyAsInStackStorm() =>
        Assert.Equal(string.Empty, LocalShellScriptRunner.SerializePositional("integer", 0L));

    [Fact]
    public async Task RunAsync_Script_ReceivesArgumentsVerbatim()
    {
        var dir = Directory.CreateTempSubdirectory("sflow-script-").FullName;
        try
        {
            var script = Path.Combine(dir, "show.sh");
            await File.WriteAllTextAsync(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
            var runner = new LocalShellScriptRunner(TimeProvider.System);
            var outcome = await runner.RunAsync(new ActionRunRequest
            {
                ExecutionId = "e1",
                ActionRef = "p.show",
                EntryPointPath = script,
                ParameterSchema = Schema,
                RunnerParameters = new() { ["kwarg_op"] = "-" },
                ActionParameters = new() { ["first"] = "$(touch /tmp/sflow-pwned); `id`", ["name"] = "x; echo injected" },
            }, CancellationToken.None);
            Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
            var result = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
            Assert.Equal("[-name=x; echo injected]\n[$(touch /tmp/sflow-pwned); `id`]\n[]\n[]", result["stdout"]);
            Assert.False(File.Exists("/tmp/sflow-pwned"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task RunAsync_MissingEntryPoint_FailsNamingIt()
    {
        var runner = new LocalShellScriptRunner(TimeProvider.System);
        var outcome = await runner.RunAsync(new ActionRunRequest { ExecutionId = "e1", ActionRef = "p.a", EntryPointPath = "/nope/script.sh" }, CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Contains("/nope/script.sh", (string)((Dictionary<string, object?>)outcome.Result!)["error"]!, StringComparison.Ordinal);
    }
}
