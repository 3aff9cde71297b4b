using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Actions;

/// <summary>StackStorm's core pack actions, run through the run-action use case with their real metadata.</summary>
public sealed class CoreActionTests
{
    private readonly TestHost host = new();

    private static Dictionary<string, object?> ResultOf(ExecutionState execution) => Assert.IsType<Dictionary<string, object?>>(execution.Result);

    [Fact]
    public async Task RunAsync_CoreEcho_StdoutIsMessage()
    {
        var execution = await host.RunCoreAsync("core.echo", new() { ["message"] = "x" });
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("x", ResultOf(execution)["stdout"]);
        Assert.Equal(new Dictionary<string, object?> { ["message"] = "x" }, execution.Parameters);
        Assert.Equal(
            [ExecutionStatus.Requested, ExecutionStatus.Scheduled, ExecutionStatus.Running, ExecutionStatus.Succeeded],
            execution.Log.Select(l => l.Status));
        Assert.NotNull(execution.EndTimestamp);
    }

    [Theory]
    [InlineData("x\"; touch /tmp/sflow-injected-1; echo \"")]
    [InlineData("$(touch /tmp/sflow-injected-1)")]
    [InlineData("`touch /tmp/sflow-injected-1`")]
    [InlineData("'; touch /tmp/sflow-injected-1; '")]
    [InlineData("a\nb && touch /tmp/sflow-injected-1")]
    public async Task RunAsync_CoreEchoWithShellInjection_PrintsPayloadAndRunsNothing(string payload)
    {
        File.Delete("/tmp/sflow-injected-1");
        var execution = await host.RunCoreAsync("core.echo", new() { ["message"] = payload });
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(payload, ResultOf(execution)["stdout"]);
        Assert.False(File.Exists("/tmp/sflow-injected-1"), "the payload ran a command");
    }

    [Fact]
    public async Task RunAsync_CoreLocalFailingCommand_Fails()
    {
        var execution = await host.RunCoreAsync("core.local", new() { ["cmd"] = "echo nope; exit 2" });
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(2L, ResultOf(execution)["return_code"]);
        Assert.Equal("nope", ResultOf(execution)["stdout"]);
    }

    [Fact]
    public async Task RunAsync_ImmutableParameter_IsRefusedBeforeStoring()
    {
        var ex = await Assert.ThrowsAsync<ActionParameterException>(() => host.RunCoreAsync("core.echo", new() { ["message"] = "x", ["cmd"] = "rm -rf /" }));
        Assert.Contains("'cmd' is declared immutable", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Executions.ListAsync(new ExecutionQuery())).Items);
    }

    [Fact]
    public async Task RunAsync_MissingRequiredAndUnknown_ListsBoth()
    {
        var ex = await Assert.ThrowsAsync<ActionParameterException>(() => host.RunCoreAsync("core.echo", new() { ["mesage"] = "x" }));
        Assert.Contains("'mesage' is not a parameter of core.echo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WrongTypeAndEnum_ErrorsNameParameter()
    {
        var ex = await Assert.ThrowsAsync<ActionParameterException>(() => host.RunCoreAsync("core.http", new() { ["url"] = "http://127.0.0.1:1/", ["method"] = "FETCH", ["timeout"] = "soon" }));
        Assert.Contains("method: 'FETCH' is not one of", ex.Message, StringComparison.Ordinal);
        Assert.Contains("timeout: 'soon' is not of type 'number'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CoreNoop_Succeeds()
    {
        var execution = await host.RunCoreAsync("core.noop", []);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(new Dictionary<string, object?> { ["failed"] = false, ["succeeded"] = true, ["return_code"] = 0L }, ResultOf(execution));
    }

    [Fact]
    public async Task RunAsync_CoreUuid_GivesPythonScriptShape()
    {
        var execution = await host.RunCoreAsync("core.uuid", []);
        var result = ResultOf(execution);
        Assert.True(Guid.TryParse((string)result["result"]!, out var guid));
        Assert.Equal(4, guid.Version);
        Assert.Equal(0L, result["exit_code"]);
        var v1 = await host.RunCoreAsync("core.uuid", new() { ["uuid_type"] = "uuid1" });
        Assert.Equal(1, Guid.Parse((string)ResultOf(v1)["result"]!).Version);
    }

    [Fact]
    public async Task RunAsync_CorePause_WaitsOnTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var timed = new TestHost(time);
        var run = timed.RunCoreAsync("core.pause", new() { ["max_pause"] = 30L });
        for (var i = 0; i < 500 && !run.IsCompleted; i++)
        {
            await Task.WhenAny(run, Task.Delay(10));
            if (i == 3)
            {
                Assert.False(run.IsCompleted, "pause ended before the clock moved");
            }

            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(ExecutionStatus.Succeeded, (await run).Status);
    }

    [Fact]
    public async Task RunAsync_CoreInjectTrigger_DispatchesInstance()
    {
        var execution = await host.RunCoreAsync("core.inject_trigger", new() { ["trigger"] = "mypack.thing", ["payload"] = new Dictionary<string, object?> { ["a"] = 1L }, ["trace_tag"] = "t1" });
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var instances = host.Bus.Drain();
        var injected = Assert.Single(instances, i => i.Trigger == "mypack.thing");
        Assert.Equal(1L, injected.Payload["a"]);
        Assert.Equal("t1", injected.TraceTag);
    }

    [Fact]
    public async Task RunAsync_Completion_DispatchesActionTriggerWithMaskedParameters()
    {
        var execution = await host.RunCoreAsync("core.echo", new() { ["message"] = "done" });
        var trigger = Assert.Single(host.Bus.Drain(), i => i.Trigger == ActionExecutionService.ActionTrigger);
        Assert.Equal(execution.Id, trigger.Payload["execution_id"]);
        Assert.Equal("succeeded", trigger.Payload["status"]);
        Assert.Equal("core.echo", trigger.Payload["action_ref"]);
        Assert.Equal("local-shell-cmd", trigger.Payload["runner_ref"]);
        Assert.Equal("done", ((Dictionary<string, object?>)trigger.Payload["result"]!)["stdout"]);
    }

    [Fact]
    public async Task RunAsync_SameExecutionIdTwice_RunsOnce()
    {
        var marker = Path.Combine(Path.GetTempPath(), "sflow-once-" + Guid.NewGuid().ToString("N"));
        var action = CorePack.Action("core.local");
        var dir = Path.Combine(CorePack.Directory, "actions");
        await host.Actions.RunAsync(action, new() { ["cmd"] = $"echo x >> {marker}" }, dir, executionId: "fixed-id");
        var second = await host.Actions.RunAsync(action, new() { ["cmd"] = $"echo x >> {marker}" }, dir, executionId: "fixed-id");
        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
        Assert.Equal("x\n", await File.ReadAllTextAsync(marker));
        File.Delete(marker);
    }

    [Fact]
    public async Task RunAsync_CoreAsk_StaysPendingUntilAnsweredWithValidResponse()
    {
        var asked = await host.RunCoreAsync("core.ask", []);
        Assert.Equal(ExecutionStatus.Pending, asked.Status);
        Assert.Null(asked.EndTimestamp);
        var result = ResultOf(asked);
        Assert.Equal(["schema", "roles", "users", "route", "ttl"], result.Keys);
        Assert.Equal(1440L, result["ttl"]);
        Assert.Contains(host.Bus.Drain(), i => i.Trigger == "core.st2.generic.inquiry" && (string?)i.Payload["id"] == asked.Id);

        var inquiries = new InquiryService(host.Inquiries, host.Executions, host.Actions);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => inquiries.RespondAsync(asked.Id, new() { ["continue"] = "yes" }, "alice"));
        Assert.Contains("response.continue: 'yes' is not of type 'boolean'", bad.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => inquiries.RespondAsync(asked.Id, [], "alice"));
        Assert.Contains("'continue' is a required property", missing.Message, StringComparison.Ordinal);

        var answered = await inquiries.RespondAsync(asked.Id, new() { ["continue"] = true }, "alice");
        Assert.Equal(ExecutionStatus.Succeeded, answered.Status);
        Assert.Equal(new Dictionary<string, object?> { ["continue"] = true }, ResultOf(answered)["response"]);
        await Assert.ThrowsAsync<ArgumentException>(() => inquiries.RespondAsync(asked.Id, new() { ["continue"] = false }, "bob"));
    }

    [Fact]
    public async Task RunAsync_UnsupportedRunner_FailsWithClearError()
    {
        var execution = await host.RunCoreAsync("core.winrm_cmd", new() { ["cmd"] = "dir", ["host"] = "localhost", ["username"] = "u", ["password"] = "p" });
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Contains("Runner type 'winrm-cmd' of action core.winrm_cmd is not supported by ServerlessFlow: ServerlessFlow has no WinRM runner", (string)ResultOf(execution)["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretParameter_IsMaskedInRecordAndTrigger()
    {
        var execution = await host.RunCoreAsync("core.local_sudo", new() { ["cmd"] = "true", ["sudo_password"] = "hunter2-secret" });
        Assert.Equal(ActionParameterResolver.Mask, execution.Parameters["sudo_password"]);
        var stored = JsonText.Serialize((await host.Executions.GetAsync(execution.Id))!.ToPlain());
        Assert.DoesNotContain("hunter2-secret", stored, StringComparison.Ordinal);
        Assert.All(host.Bus.Drain(), i => Assert.DoesNotContain("hunter2-secret", JsonText.Serialize(i.ToPlain()), StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task RunAsync_CoreLocalSudo_RunsThroughSudo()
    {
        Skip.If(!File.Exists("/usr/bin/sudo") || Environment.UserName != "root", "needs sudo (Debian sudo) and a root test user, whose sudo needs no password");
        var execution = await host.RunCoreAsync("core.local_sudo", new() { ["cmd"] = "echo \"$SUDO_USER:$(id -u)\"" });
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("root:0", ResultOf(execution)["stdout"]);
    }
}
