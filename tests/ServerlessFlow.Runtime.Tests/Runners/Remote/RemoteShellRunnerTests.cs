using System.Globalization;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Runners.Remote;
using ServerlessFlow.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Runners.Remote;

/// <summary>The remote-shell runners against a real OpenSSH server on loopback (see <see cref="OpenSshServer"/>).</summary>
public sealed class RemoteShellRunnerTests : IClassFixture<OpenSshServer>
{
    private readonly OpenSshServer sshd;

    public RemoteShellRunnerTests(OpenSshServer sshd) => this.sshd = sshd;

    private Dictionary<string, object?> Parameters(string hosts, string cmd, Dictionary<string, object?>? extra = null)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["hosts"] = hosts,
            ["cmd"] = cmd,
            ["username"] = sshd.User,
            ["private_key"] = sshd.ClientKey,
            ["cwd"] = "/tmp",
            ["timeout"] = 60L,
        };
        foreach (var (k, v) in extra ?? [])
        {
            parameters[k] = v;
        }

        return parameters;
    }

    private static ActionRunRequest Request(Dictionary<string, object?> runnerParameters, string? entryPoint = null, Dictionary<string, object?>? actionParameters = null) => new()
    {
        ExecutionId = "6650f0c1a2b3c4d5e6f70809",
        ActionRef = "core.remote",
        RunnerParameters = runnerParameters,
        EntryPointPath = entryPoint,
        ActionParameters = actionParameters ?? new(StringComparer.Ordinal),
    };

    private static Dictionary<string, object?> Host(RunnerOutcome outcome, string host) =>
        Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(outcome.Result)[host]);

    [SkippableFact]
    public async Task RunAsync_CoreRemoteUname_ResultKeyedByHostAsStackStormReturnsIt()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var host = new TestHost();
        var runners = new RunnerRegistry([new RemoteShellCommandRunner(TimeProvider.System)]);
        var actions = new ActionExecutionService(host.Executions, runners, Core.Packs.RunnerTypeCatalog.Default, TimeProvider.System);
        var execution = await actions.RunAsync(CorePack.Action("core.remote"), new Dictionary<string, object?>
        {
            ["cmd"] = "uname",
            ["hosts"] = sshd.Host1,
            ["username"] = sshd.User,
            ["private_key"] = sshd.ClientKey,
        }, Path.Combine(CorePack.Directory, "actions"));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["127.0.0.1"] = new Dictionary<string, object?> { ["stdout"] = "Linux", ["stderr"] = string.Empty, ["return_code"] = 0L, ["succeeded"] = true, ["failed"] = false },
            },
            execution.Result);

        // The key is a secret runner parameter: masked in the record, absent from the result.
        Assert.Equal(ActionParameterResolver.Mask, execution.Parameters["private_key"]);
        var stored = JsonText.Serialize((await host.Executions.GetAsync(execution.Id))!.ToPlain());
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_TwoHostsParallel_BothRunAtOnce()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var folder = Directory.CreateTempSubdirectory("sflow-remote-parallel-").FullName;

        // Each host leaves a mark, then waits (bounded) for the other's: only a parallel run sees both marks.
        var cmd = $"me=$(echo \"$SSH_CONNECTION\" | cut -d' ' -f3); touch \"{folder}/$me\"; "
            + $"for i in $(seq 1 1200); do [ \"$(ls \"{folder}\" | wc -l)\" -ge 2 ] && break; sleep 0.1; done; ls \"{folder}\" | wc -l";
        var runner = new RemoteShellCommandRunner(TimeProvider.System);
        var outcome = await runner.RunAsync(Request(Parameters($"{sshd.Host1},{sshd.Host2}", cmd, new() { ["parallel"] = true })), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        Assert.Equal(2L, Host(outcome, "127.0.0.1")["stdout"]);
        Assert.Equal(2L, Host(outcome, "127.0.0.2")["stdout"]);
        Directory.Delete(folder, recursive: true);
    }

    [SkippableFact]
    public async Task RunAsync_TwoHostsOneFails_ExecutionFailsWithBothResults()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var cmd = "case \"$SSH_CONNECTION\" in *' 127.0.0.2 '*) echo bad >&2; exit 3;; esac; echo good";
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(Request(Parameters($"{sshd.Host1}, {sshd.Host2}", cmd)), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("good", Host(outcome, "127.0.0.1")["stdout"]);
        Assert.Equal(true, Host(outcome, "127.0.0.1")["succeeded"]);
        Assert.Equal(3L, Host(outcome, "127.0.0.2")["return_code"]);
        Assert.Equal("bad", Host(outcome, "127.0.0.2")["stderr"]);
        Assert.Equal(true, Host(outcome, "127.0.0.2")["failed"]);
    }

    [SkippableFact]
    public async Task RunAsync_HostTimesOut_FailsItsPartOnly()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var marker = Path.Combine(Path.GetTempPath(), "sflow-remote-slow-" + Guid.NewGuid().ToString("N"));

        // Hosts run one after the other (parallel is false, as in core.remote): 127.0.0.1 answers at once, then
        // 127.0.0.2 starts a long sleep, and only then does the test move the clock past the timeout.
        var cmd = $"case \"$SSH_CONNECTION\" in *' 127.0.0.2 '*) echo started; touch {marker}; sleep 600;; esac; echo quick";
        var run = new RemoteShellCommandRunner(time).RunAsync(Request(Parameters($"{sshd.Host1},{sshd.Host2}", cmd, new() { ["timeout"] = 5L })), CancellationToken.None);
        for (var i = 0; i < 1200 && !File.Exists(marker) && !run.IsCompleted; i++)
        {
            await Task.Delay(50);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run;
        File.Delete(marker);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("quick", Host(outcome, "127.0.0.1")["stdout"]);
        Assert.Equal(true, Host(outcome, "127.0.0.1")["succeeded"]);
        var slow = Host(outcome, "127.0.0.2");
        Assert.Equal(true, slow["timeout"]);
        Assert.Equal(-9L, slow["return_code"]);
        Assert.Equal("started", slow["stdout"]);
        Assert.StartsWith("Failed executing command \"case", (string)slow["error"]!, StringComparison.Ordinal);
        Assert.EndsWith("on host \"127.0.0.2\" Command didn't finish in 5 seconds or the SSH connection did not succeed in 3 seconds", (string)slow["error"]!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_EveryHostTimesOut_StatusIsTimeout()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var marker = Path.Combine(Path.GetTempPath(), "sflow-remote-slow-" + Guid.NewGuid().ToString("N"));
        var run = new RemoteShellCommandRunner(time).RunAsync(Request(Parameters(sshd.Host1, $"touch {marker}; sleep 600", new() { ["timeout"] = 5L })), CancellationToken.None);
        for (var i = 0; i < 1200 && !File.Exists(marker) && !run.IsCompleted; i++)
        {
            await Task.Delay(50);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run;
        File.Delete(marker);
        Assert.Equal(ExecutionStatus.Timeout, outcome.Status);
    }

    [SkippableFact]
    public async Task RunAsync_UnreachableHost_FailsItsPartOnly()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(
            Request(Parameters($"{sshd.Host1},127.0.0.3:{sshd.Port}", "echo up")), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("up", Host(outcome, "127.0.0.1")["stdout"]);
        var down = Host(outcome, "127.0.0.3");
        Assert.Equal(255L, down["return_code"]);
        Assert.Equal(false, down["timeout"]);
        Assert.StartsWith($"Connection error. Error connecting to 127.0.0.3 port {sshd.Port} as user '{sshd.User}':", (string)down["error"]!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_KeyNotAuthorised_FailsWithClearErrorWithoutTheKey()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(
            Request(Parameters(sshd.Host1, "uname", new() { ["private_key"] = sshd.UnknownClientKey })), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        var error = (string)Assert.IsType<Dictionary<string, object?>>(outcome.Result)["error"]!;
        Assert.StartsWith($"Unable to connect to any one of the hosts: ['{sshd.Host1}'].", error, StringComparison.Ordinal);
        Assert.Contains("authentication failed with private key from the action", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", JsonText.Serialize(outcome.Result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key at all", "'private_key' is neither private key material")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAgarbage\n-----END OPENSSH PRIVATE KEY-----\n", "'private_key': invalid or unsupported private key")]
    public async Task RunAsync_BadKey_FailsBeforeConnectingWithClearError(string key, string expected)
    {
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(
            Request(new() { ["hosts"] = "127.0.0.1:1", ["cmd"] = "uname", ["username"] = "u", ["private_key"] = key }), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        var error = (string)Assert.IsType<Dictionary<string, object?>>(outcome.Result)["error"]!;
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("garbage", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_EncryptedKey_NeedsItsPassphrase()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var runner = new RemoteShellCommandRunner(TimeProvider.System);
        var without = await runner.RunAsync(Request(Parameters(sshd.Host1, "echo ok", new() { ["private_key"] = sshd.EncryptedClientKey })), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, without.Status);
        Assert.Contains("passphrase protected. Supply a passphrase.", (string)Assert.IsType<Dictionary<string, object?>>(without.Result)["error"]!, StringComparison.Ordinal);

        var with = await runner.RunAsync(
            Request(Parameters(sshd.Host1, "echo ok", new() { ["private_key"] = sshd.EncryptedClientKey, ["passphrase"] = sshd.Passphrase })), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, with.Status);
    }

    [SkippableFact]
    public async Task RunAsync_HostDefaultKey_UsedWhenActionGivesNone()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var options = new RemoteRunnerOptions { DefaultUsername = sshd.User, DefaultPrivateKey = sshd.ClientKey };
        var parameters = Parameters(sshd.Host1, "echo default-key");
        parameters.Remove("private_key");
        parameters.Remove("username");
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System, options).RunAsync(Request(parameters), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        Assert.Equal("default-key", Host(outcome, "127.0.0.1")["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_ValuesWithShellSyntax_ReachTheRemoteShellAsData()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var pwned = Path.Combine(Path.GetTempPath(), "sflow-remote-injected-" + Guid.NewGuid().ToString("N"));
        var payload = $"a'\"; touch {pwned}; echo \"$(touch {pwned})`touch {pwned}`";
        var cwd = Directory.CreateTempSubdirectory("sflow remote 'cwd' $(x)").FullName;
        var request = Request(Parameters(sshd.Host1, "printf '%s|' \"$PAYLOAD\"; pwd", new() { ["env"] = new Dictionary<string, object?> { ["PAYLOAD"] = payload }, ["cwd"] = cwd }));
        request = request with { ExtraEnvironment = new(StringComparer.Ordinal) { ["SFLOW_PARAM_0"] = payload } };

        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(request, CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        Assert.Equal(payload + "|" + cwd, Host(outcome, "127.0.0.1")["stdout"]);
        Assert.False(File.Exists(pwned), "a value ran as a command");
        Directory.Delete(cwd);
    }

    [SkippableFact]
    public async Task RunAsync_EnvironmentHasStackStormVariables()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(
            Request(Parameters(sshd.Host1, "echo \"$ST2_ACTION_PACK_NAME $ST2_ACTION_EXECUTION_ID $FOO\"", new() { ["env"] = new Dictionary<string, object?> { ["FOO"] = "bar baz" } })),
            CancellationToken.None);
        Assert.Equal("core 6650f0c1a2b3c4d5e6f70809 bar baz", Host(outcome, "127.0.0.1")["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_CoreRemoteSudo_RunsThroughSudo()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        Skip.If(!File.Exists("/usr/bin/sudo") || sshd.User != "root", "needs sudo (Debian sudo) and a root test user, whose sudo needs no password");
        var host = new TestHost();
        var actions = new ActionExecutionService(host.Executions, new RunnerRegistry([new RemoteShellCommandRunner(TimeProvider.System)]), Core.Packs.RunnerTypeCatalog.Default, TimeProvider.System);
        var execution = await actions.RunAsync(CorePack.Action("core.remote_sudo"), new Dictionary<string, object?>
        {
            ["cmd"] = "echo \"$SUDO_COMMAND\" | cut -c1-17; pwd",
            ["hosts"] = sshd.Host1,
            ["username"] = sshd.User,
            ["private_key"] = sshd.ClientKey,
        }, Path.Combine(CorePack.Directory, "actions"));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var result = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(execution.Result)["127.0.0.1"]);
        Assert.Equal("/usr/bin/bash -c \n/tmp", result["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_Bastion_ReachesTheHostThroughIt()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(
            Request(Parameters(sshd.Host2, "echo \"$SSH_CONNECTION\" | cut -d' ' -f1,3", new() { ["bastion_host"] = sshd.Host1 })), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);

        // The target sees a connection forwarded by the bastion's sshd, from loopback to 127.0.0.2.
        Assert.Equal("127.0.0.1 127.0.0.2", Host(outcome, "127.0.0.2")["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_KnownHosts_TrustsListedKeyAndRefusesOthers()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var good = Path.Combine(sshd.Folder, "known_hosts_good");
        var bad = Path.Combine(sshd.Folder, "known_hosts_bad");
        await File.WriteAllTextAsync(good, sshd.KnownHostsLine + "\n");
        var otherKey = (await File.ReadAllTextAsync(Path.Combine(sshd.Folder, "unknown_key.pub"))).Split(' ');
        await File.WriteAllTextAsync(bad, string.Create(CultureInfo.InvariantCulture, $"[127.0.0.1]:{sshd.Port} {otherKey[0]} {otherKey[1]}\n"));

        var trusted = await new RemoteShellCommandRunner(TimeProvider.System, new RemoteRunnerOptions { KnownHostsFile = good })
            .RunAsync(Request(Parameters(sshd.Host1, "echo ok")), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, trusted.Status);

        var refused = await new RemoteShellCommandRunner(TimeProvider.System, new RemoteRunnerOptions { KnownHostsFile = bad })
            .RunAsync(Request(Parameters(sshd.Host1, "echo ok")), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, refused.Status);
        Assert.Contains("is not trusted by the known_hosts file", (string)Assert.IsType<Dictionary<string, object?>>(refused.Result)["error"]!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_Canceled_EndsTheRemoteProcess()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var pidFile = Path.Combine(Path.GetTempPath(), "sflow-remote-pid-" + Guid.NewGuid().ToString("N"));
        using var cancel = new CancellationTokenSource();
        var run = new RemoteShellCommandRunner(TimeProvider.System).RunAsync(Request(Parameters(sshd.Host1, $"echo $$ > {pidFile}; exec sleep 600")), cancel.Token);
        for (var i = 0; i < 1200 && !(File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile)).EndsWith('\n')); i++)
        {
            await Task.Delay(50);
        }

        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        await cancel.CancelAsync();
        var outcome = await run;
        Assert.Equal(ExecutionStatus.Canceled, outcome.Status);
        for (var i = 0; i < 600 && Directory.Exists($"/proc/{pid}"); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists($"/proc/{pid}"), "the remote command still runs after cancel");
        File.Delete(pidFile);
    }

    [SkippableFact]
    public async Task RunAsync_RemoteScript_CopiesRunsWithArgumentsAndCleansUp()
    {
        Skip.If(sshd.Unavailable is not null, sshd.Unavailable);
        var local = Directory.CreateTempSubdirectory("sflow-remote-script-").FullName;
        var script = Path.Combine(local, "show.sh");
        await File.WriteAllTextAsync(script, "#!/bin/bash\necho \"dir=$(dirname \"$0\")\"\nfor a in \"$@\"; do echo \"[$a]\"; done\ncat \"$(dirname \"$0\")/lib/data.txt\"\n");
        Directory.CreateDirectory(Path.Combine(local, "lib"));
        await File.WriteAllTextAsync(Path.Combine(local, "lib", "data.txt"), "from lib\n");
        var remoteBase = Directory.CreateTempSubdirectory("sflow-remote-dir-").FullName;

        var schema = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = new Dictionary<string, object?> { ["type"] = "string" },
            ["first"] = new Dictionary<string, object?> { ["type"] = "string", ["position"] = 0L },
        };
        var request = Request(
            Parameters(sshd.Host1, string.Empty, new() { ["dir"] = remoteBase }),
            script,
            new(StringComparer.Ordinal) { ["name"] = "it's $(me)", ["first"] = "a b" }) with { ParameterSchema = schema, ActionRef = "examples.show" };
        request.RunnerParameters.Remove("cmd");

        var outcome = await new RemoteShellScriptRunner(TimeProvider.System).RunAsync(request, CancellationToken.None);
        Assert.True(outcome.Status == ExecutionStatus.Succeeded, JsonText.Serialize(outcome.Result));
        Assert.Equal($"dir={remoteBase}/6650f0c1a2b3c4d5e6f70809\n[--name=it's $(me)]\n[a b]\nfrom lib", Host(outcome, "127.0.0.1")["stdout"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(remoteBase));
        Directory.Delete(remoteBase);
        Directory.Delete(local, recursive: true);
    }

    [Fact]
    public async Task RunAsync_NoHosts_FailsClearly()
    {
        var outcome = await new RemoteShellCommandRunner(TimeProvider.System).RunAsync(Request(new() { ["hosts"] = " , ", ["cmd"] = "uname", ["password"] = "x" }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Contains("No hosts specified", (string)Assert.IsType<Dictionary<string, object?>>(outcome.Result)["error"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", "example.com", null)]
    [InlineData("example.com:5555", "example.com", 5555)]
    [InlineData("127.0.0.1", "127.0.0.1", null)]
    [InlineData("127.0.0.1:55", "127.0.0.1", 55)]
    [InlineData("fec2::10", "fec2::10", null)]
    [InlineData("[fec2::10]", "fec2::10", null)]
    [InlineData("[fec2::10]:55", "fec2::10", 55)]
    public void Parse_HostEntries_AsStackStormSplitsThem(string entry, string host, int? port)
    {
        var target = SshTarget.Parse(entry);
        Assert.Equal(host, target.HostName);
        Assert.Equal(port, target.Port);
    }

    [Theory]
    [InlineData("", "''")]
    [InlineData("abc-1.2/x:y@z%+=,", "abc-1.2/x:y@z%+=,")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\"'\"'s'")]
    [InlineData("$(x)", "'$(x)'")]
    public void Quote_Values_AsShlexQuote(string value, string expected) => Assert.Equal(expected, ShellQuoting.Quote(value));
}
