using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Tests;

/// <summary><c>sflow workflow inspect</c> and <c>sflow workflow rehearse</c> on temporary files.</summary>
public sealed class WorkflowCommandTests : IDisposable
{
    // task1 → task2 with a publish; shared with Core.Tests (tests/TestData/workflows/sequential.yaml).
    private static readonly string Workflow = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "workflows", "sequential.yaml"));

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sflow-workflow-tests-" + Environment.ProcessId + "-" + Environment.CurrentManagedThreadId);

    public WorkflowCommandTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Inspect_ValidWorkflow_ExitsZero()
    {
        var (code, output, _) = await Sflow.RunAsync("workflow", "inspect", Write("ok.yaml", Workflow));
        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_JsonWithErrors_ListsTypePathMessageAndExitsOne()
    {
        var broken = Workflow.Replace("do: task2", "do: task9", StringComparison.Ordinal);
        var (code, output, _) = await Sflow.RunAsync("workflow", "inspect", "--json", Write("bad.yaml", broken));
        Assert.Equal(1, code);
        var error = Assert.IsType<Dictionary<string, object?>>(Assert.Single((List<object?>)JsonText.Parse(output)!));
        Assert.Equal("semantics", error["type"]);
        Assert.Equal("tasks.task1.next[0].do", error["path"]);
        Assert.Equal("The task \"task9\" is not defined.", error["message"]);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsOneWithMessage()
    {
        var (code, _, error) = await Sflow.RunAsync("workflow", "inspect", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rehearse_MockedFailure_PrintsSequenceStatusAndErrors()
    {
        var workflow = Write("wf.yaml", Workflow);
        var testCase = Write("case.json", """{"input": {"name": "x"}, "mock": [{"task": "task1", "status": "failed", "result": "boom"}], "expected_status": "failed"}""");
        var (code, output, error) = await Sflow.RunAsync("workflow", "rehearse", workflow, "--case", testCase);
        Assert.True(code == 0, error);
        var result = (Dictionary<string, object?>)JsonText.Parse(output)!;
        Assert.Equal(new List<object?> { "task1", "fail" }, result["sequence"]);
        Assert.Equal("failed", result["status"]);
        Assert.Equal(2, ((List<object?>)result["errors"]!).Count);
    }

    [Fact]
    public async Task Rehearse_UnmetExpectation_ExitsOne()
    {
        var workflow = Write("wf2.yaml", Workflow);
        var testCase = Write("case2.json", """{"input": {"name": "x"}, "mock": [{"task": "task1", "result": "hi"}], "expected_output": {"greeting": "bye"}}""");
        var (code, output, error) = await Sflow.RunAsync("workflow", "rehearse", workflow, "--case", testCase);
        Assert.Equal(1, code);
        Assert.Contains("\"greeting\": \"hi\"", output, StringComparison.Ordinal);
        Assert.Contains("mismatch: output", error, StringComparison.Ordinal);
    }
}
