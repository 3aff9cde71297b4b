using System.Text.Json;

namespace ServerlessFlow.Cli.Tests;

/// <summary>The workflows of packs/examples run to success with mocked action results (checked with
/// <c>sflow workflow rehearse</c>): the join waits for both branches and with-items results are published.</summary>
public class ExamplePackWorkflowsTests
{
    private static Task<JsonElement> Rehearse(string workflow, string caseJson) =>
        Sflow.RunJsonWithFileAsync(caseJson, file =>
            ["workflow", "rehearse", Path.Combine(RepositoryPaths.Root, "packs", "examples", "actions", "workflows", workflow), "--case", file]);

    [Fact]
    public async Task ProcessOrder_AllTasksSucceed_JoinsBranchesAndPublishesItemResults()
    {
        var result = await Rehearse("process_order.yaml", """
            {"input": {"order_id": "A-17", "items": ["apple", "pear"], "customer": "ann"},
             "mock": [
               {"task": "start", "status": "succeeded", "result": null},
               {"task": "check_items", "status": "succeeded", "result": {"stdout": "checking apple"}, "item_id": 0},
               {"task": "check_items", "status": "succeeded", "result": {"stdout": "checking pear"}, "item_id": 1},
               {"task": "note_order", "status": "succeeded", "result": {"stdout": "order A-17 from ann"}},
               {"task": "summarise", "status": "succeeded", "result": {"stdout": "done"}}]}
            """);

        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal(["start", "check_items", "note_order", "summarise"], result.GetProperty("sequence").EnumerateArray().Select(s => s.GetString()));
        var output = result.GetProperty("output");
        Assert.Equal("order A-17 from ann", output.GetProperty("notice").GetString());
        Assert.Equal(["checking apple", "checking pear"], output.GetProperty("checked").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Greet_BothStepsSucceed_OutputsBothLines()
    {
        var result = await Rehearse("greet.yaml", """
            {"input": {"name": "Ada"},
             "mock": [
               {"task": "hello", "status": "succeeded", "result": {"stdout": "Hello, Ada!"}},
               {"task": "goodbye", "status": "succeeded", "result": {"stdout": "Goodbye, Ada."}}]}
            """);

        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal("Hello, Ada!", result.GetProperty("output").GetProperty("greeting").GetString());
        Assert.Equal("Goodbye, Ada.", result.GetProperty("output").GetProperty("farewell").GetString());
    }

    [Fact]
    public async Task Greet_HelloFails_WorkflowFails()
    {
        var result = await Rehearse("greet.yaml", """
            {"input": {"name": "Ada"},
             "mock": [{"task": "hello", "status": "failed", "result": {"stderr": "no echo"}}]}
            """);

        Assert.Equal("failed", result.GetProperty("status").GetString());
    }
}
