using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Runners;
using static ServerlessFlow.Runtime.Tests.Runners.ShellRunnerTestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Runners;

public sealed class LocalShellCommandRunnerTests
{
    private readonly LocalShellCommandRunner runner = new(TimeProvider.System);

    private static Dictionary<string, object?> Result(RunnerOutcome outcome) => Assert.IsType<Dictionary<string, object?>>(outcome.Result);

    [Fact]
    public async Task RunAsync_Success_GivesStackStormResultShape()
    {
        var outcome = await runner.RunAsync(Command("echo hello; echo oops >&2"), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        var result = Result(outcome);
        Assert.Equal(["failed", "succeeded", "return_code", "stdout", "stderr"], result.Keys);
        Assert.Equal("hello", result["stdout"]);
        Assert.Equal("oops", result["stderr"]);
        Assert.Equal(0L, result["return_code"]);
        Assert.Equal(true, result["succeeded"]);
        Assert.Equal(false, result["failed"]);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithReturnCode()
    {
        var outcome = await runner.RunAsync(Command("echo bad >&2; exit 3"), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal(3L, Result(outcome)["return_code"]);
        Assert.Equal(true, Result(outcome)["failed"]);
        Assert.Equal("bad", Result(outcome)["stderr"]);
    }

    [Fact]
    public async Task RunAsync_JsonStdout_IsParsedAsStackStormDoes()
    {
        var outcome = await runner.RunAsync(Command("echo '{\"a\": [1, 2]}'"), CancellationToken.None);
        var stdout = Assert.IsType<Dictionary<string, object?>>(Result(outcome)["stdout"]);
        Assert.Equal(new List<object?> { 1L, 2L }, stdout["a"]);
    }

    [Fact]
    public async Task RunAsync_Unicode_RoundTrips()
    {
        var outcome = await runner.RunAsync(Command("printf 'h\\303\\251llo \\342\\234\\223 \\360\\237\\232\\200\\n'"), CancellationToken.None);
        Assert.Equal("héllo ✓ 🚀", Result(outcome)["stdout"]);
    }

    [Fact]
    public async Task RunAsync_EnvAndCwd_AreApplied()
    {
        var dir = Directory.CreateTempSubdirectory("sflow-cwd-").FullName;
        try
        {
            var outcome = await runner.RunAsync(
                Command("echo \"$GREETING\" && pwd && echo $ST2_ACTION_EXECUTION_ID", new() { ["cwd"] = dir, ["env"] = new Dictionary<string, object?> { ["GREETING"] = "hi there" } }),
                CancellationToken.None);
            Assert.Equal($"hi there\n{dir}\nexec1", Result(outcome)["stdout"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task RunAsync_HostDatastoreKey_IsNotVisibleToAction()
    {
        Environment.SetEnvironmentVariable("SFLOW_DATASTORE_KEY", "host-only-key");
        try
        {
            var outcome = await runner.RunAsync(Command("echo \"[${SFLOW_DATASTORE_KEY:-unset}]\""), CancellationToken.None);
            Assert.Equal("[unset]", Result(outcome)["stdout"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SFLOW_DATASTORE_KEY", null);
        }
    }

    [Fact]
    public async Task RunAsync_MissingCwd_FailsNamingIt()
    {
        var outcome = await runner.RunAsync(Command("true", new() { ["cwd"] = "/no/such/dir/sflow" }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Contains("/no/such/dir/sflow", (string)Result(outcome)["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsProcessTreeAndReportsTimeout()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var timed = new LocalShellCommandRunner(time);
        var pidFile = Path.GetTempFileName();
        try
        {
            var outcome = await RunAdvancingAsync(timed, Command($"sleep 300 & echo $! > {pidFile}; wait", new() { ["timeout"] = 5L }), time);
            Assert.Equal(ExecutionStatus.Timeout, outcome.Status);
            var result = Result(outcome);
            Assert.Equal(-9L, result["return_code"]);
            Assert.Equal("Action failed to complete in 5 seconds", result["error"]);
            var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(IsAlive(grandchild), $"grandchild {grandchild} survived the timeout");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task RunAsync_HugeStdout_IsTruncatedWithMarker()
    {
        // 100 MB through the pipe; the runner keeps 1 MiB.
        var outcome = await runner.RunAsync(Command("head -c 104857600 /dev/zero | tr '\\0' 'a'"), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        var stdout = Assert.IsType<string>(Result(outcome)["stdout"]);
        Assert.True(stdout.Length < 2 * 1024 * 1024, $"stdout kept {stdout.Length} characters");
        Assert.StartsWith(new string('a', 1000), stdout, StringComparison.Ordinal);
        Assert.EndsWith($"[output truncated: {104857600 - (1 << 20)} more bytes were not kept]", stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_Sudo_RunsThroughSudoKeepingTheEnvironment()
    {
        Skip.If(!File.Exists(LocalShellRunnerBase.SudoPath) || Environment.UserName != "root", "needs sudo (Debian sudo) and a root test user, whose sudo needs no password");
        var outcome = await runner.RunAsync(Command("echo \"$SUDO_COMMAND|$FOO\"", new() { ["sudo"] = true, ["env"] = new Dictionary<string, object?> { ["FOO"] = "kept" } }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Succeeded, outcome.Status);
        Assert.Equal("/bin/bash -c echo \"$SUDO_COMMAND|$FOO\"|kept", Result(outcome)["stdout"]);
    }

    [SkippableFact]
    public async Task RunAsync_SudoMissing_FailsClearly()
    {
        Skip.If(File.Exists(LocalShellRunnerBase.SudoPath), "sudo is installed here");
        var outcome = await runner.RunAsync(Command("true", new() { ["sudo"] = true }), CancellationToken.None);
        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Contains("sudo is requested, and /usr/bin/sudo is not installed on this worker", (string)Result(outcome)["error"]!, StringComparison.Ordinal);
    }

    private static bool IsAlive(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z")
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
