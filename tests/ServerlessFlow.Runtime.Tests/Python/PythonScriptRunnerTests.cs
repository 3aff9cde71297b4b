using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Tests.Python;

/// <summary>The python-script runner on real pack code in a real worker (Debian's python3, a per-pack venv).</summary>
public sealed class PythonScriptRunnerTests(PythonPackFixture fixture) : IClassFixture<PythonPackFixture>
{
    private static Dictionary<string, object?> Mode(string mode, object? value = null, long? timeout = null)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["mode"] = mode, ["value"] = value };
        if (timeout is { } t)
        {
            parameters["timeout"] = t;
        }

        return parameters;
    }

    private static Dictionary<string, object?> Result(ExecutionState execution) => Assert.IsType<Dictionary<string, object?>>(execution.Result);

    [SkippableFact]
    public async Task RunAsync_ReturnsValue_SucceedsWithResultStdoutAndPackLibraries()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.modes", Mode("value", 21L));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var result = Result(execution);
        Assert.Equal("hello from the pack's lib\n", result["stdout"]);
        Assert.Equal(0L, result["exit_code"]);
        var value = Assert.IsType<Dictionary<string, object?>>(result["result"]);
        Assert.Equal(42L, value["doubled"]);
        Assert.Equal("{\"a\":[1,2]}", Core.Values.JsonText.Serialize(value["yaml"]));
    }

    [SkippableFact]
    public async Task RunAsync_ReturnsTuple_StatusFromFirstItem()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var ok = await fixture.RunAsync("pytests.modes", Mode("ok_tuple", "fine"));
        var failed = await fixture.RunAsync("pytests.modes", Mode("failed_tuple", "not fine"));

        Assert.Equal(ExecutionStatus.Succeeded, ok.Status);
        Assert.Equal("fine", Result(ok)["result"]);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        Assert.Equal("not fine", Result(failed)["result"]);
        Assert.Equal(0L, Result(failed)["exit_code"]);
    }

    [SkippableFact]
    public async Task RunAsync_Raises_FailsWithTracebackInStderr()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.modes", Mode("raise", "x1"));

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var result = Result(execution);
        Assert.Equal(1L, result["exit_code"]);
        Assert.Equal("None", result["result"]);
        var stderr = Assert.IsType<string>(result["stderr"]);
        Assert.StartsWith("Traceback (most recent call last):", stderr, StringComparison.Ordinal);
        Assert.Contains("modes.py", stderr, StringComparison.Ordinal);
        Assert.Contains("RuntimeError: failed on purpose: x1", stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_InfiniteLoop_TimesOutAndTheNextRunStillWorks()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.modes", Mode("loop", timeout: 2));

        Assert.Equal(ExecutionStatus.Timeout, execution.Status);
        Assert.Equal("Action failed to complete in 2 seconds", Result(execution)["error"]);
        Assert.Equal(-9L, Result(execution)["exit_code"]);
        var next = await fixture.RunAsync("pytests.modes", Mode("ok_tuple", 1L));
        Assert.Equal(ExecutionStatus.Succeeded, next.Status);
    }

    [SkippableFact]
    public async Task RunAsync_ReadsConfig_FileOverSchemaDefaultsWithSecretFromDatastore()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.modes", Mode("config"));

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var value = Assert.IsType<Dictionary<string, object?>>(Result(execution)["result"]);
        Assert.Equal("h1.example", value["host"]);
        Assert.Equal("s3cret-token", value["token"]);
        Assert.Equal(3L, value["retries"]);
    }

    [SkippableFact]
    public async Task RunAsync_UsesDatastore_ValuesInTheHostKeyValueStore()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var first = await fixture.RunAsync("pytests.modes", Mode("datastore"));
        var second = await fixture.RunAsync("pytests.modes", Mode("datastore"));

        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
        Assert.Null(Assert.IsType<Dictionary<string, object?>>(Result(first)["result"])["seen"]);
        var value = Assert.IsType<Dictionary<string, object?>>(Result(second)["result"]);
        Assert.Equal("1", value["seen"]);
        Assert.NotEqual("s3cret-token", value["global"]);
        Assert.Equal(new List<object?> { "pytests.Modes:runs" }, value["keys"]);
        Assert.Equal("2", await fixture.KeyValues.GetValueAsync("pytests.Modes:runs"));
        Assert.NotNull((await fixture.KeyValues.GetAsync("shared_key"))?.ExpireTimestamp);
    }

    [SkippableFact]
    public async Task RunAsync_SyntaxError_FailsNamingActionAndFile()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.syntax_error", []);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var error = Assert.IsType<string>(Result(execution)["error"]);
        Assert.Contains("pytests.syntax_error", error, StringComparison.Ordinal);
        Assert.Contains("syntax_error.py", error, StringComparison.Ordinal);
        Assert.Contains("SyntaxError", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_NoActionClass_FailsNamingTheFile()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.no_class", []);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var error = Assert.IsType<string>(Result(execution)["error"]);
        Assert.Contains("Found no classes in plugin file", error, StringComparison.Ordinal);
        Assert.Contains("no_class.py", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_NonJsonResult_FailsNamingActionAndValue()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("pytests.modes", Mode("not_json"));

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var error = Assert.IsType<string>(Result(execution)["error"]);
        Assert.Contains("pytests.modes", error, StringComparison.Ordinal);
        Assert.Contains("result['items'] is a set", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_RequirementNobodyHasAndNoIndex_FailsNamingTheRequirement()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var execution = await fixture.RunAsync("nopip.hello", []);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var error = Assert.IsType<string>(Result(execution)["error"]);
        Assert.Contains("Pack 'nopip' needs Python requirements that this machine does not have: sflow-test-requirement-nobody-has==1.0.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PyYAML", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_WarmWorker_IsReusedAcrossRuns()
    {
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        await fixture.RunAsync("pytests.modes", Mode("ok_tuple", 1L));
        var started = fixture.Pool.Started;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await fixture.RunAsync("pytests.modes", Mode("ok_tuple", 1L))).Status);
        }

        Assert.Equal(started, fixture.Pool.Started);
    }
}
