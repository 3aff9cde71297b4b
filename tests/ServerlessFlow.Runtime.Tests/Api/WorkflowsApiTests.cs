using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class WorkflowsApiTests : IDisposable
{
    private readonly ConsolePack packs = new();
    private readonly WorkflowsApi api;

    public WorkflowsApiTests() => api = new WorkflowsApi(packs.Catalog, WorkflowDefinitions.Load(packs.Catalog));

    public void Dispose() => packs.Dispose();

    private static Dictionary<string, object?> Task(Dictionary<string, object?> graph, string name) =>
        Assert.Single(((List<object?>)graph["tasks"]!).Cast<Dictionary<string, object?>>(), t => (string)t["name"]! == name);

    private static List<(string From, string To, string? When)> Transitions(Dictionary<string, object?> graph) =>
        [.. ((List<object?>)graph["transitions"]!).Cast<Dictionary<string, object?>>().Select(t => ((string)t["from"]!, (string)t["to"]!, (string?)t["when"]))];

    [Fact]
    public async Task HandleAsync_GraphOfWorkflow_AnswersTasksJoinsItemsRetryAndTransitionsWithConditions()
    {
        var result = await api.HandleAsync(Get("graph/shop.order"), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var graph = Object(result);
        Assert.Equal("shop.order", graph["action"]);
        Assert.Equal(new List<object?> { "items" }, graph["input"]);
        Assert.Equal(new List<object?> { "started" }, graph["output"]);
        Assert.Equal(
            ["check", "done", "fail", "note", "start"],
            ((List<object?>)graph["tasks"]!).Cast<Dictionary<string, object?>>().Select(t => (string)t["name"]!).Order(StringComparer.Ordinal));

        var start = Task(graph, "start");
        Assert.Equal(true, start["start"]);
        Assert.Equal("core.noop", start["action"]);
        var check = Task(graph, "check");
        Assert.Equal("i in <% ctx().items %>", check["with_items"]);
        Assert.Equal(2L, check["concurrency"]);
        var retry = Assert.IsType<Dictionary<string, object?>>(check["retry"]);
        Assert.Equal("<% failed() %>", retry["when"]);
        Assert.Equal(3L, retry["count"]);
        Assert.Equal("all", Task(graph, "done")["join"]);
        Assert.Null(Task(graph, "note")["join"]);
        Assert.Equal(true, Task(graph, "fail")["engine_command"]);
        Assert.Equal(false, start["engine_command"]);

        Assert.Equal(
            [
                ("check", "done", null),
                ("note", "done", null),
                ("start", "check", "<% succeeded() %>"),
                ("start", "fail", "<% failed() %>"),
                ("start", "note", "<% succeeded() %>"),
            ],
            Transitions(graph).Order());
        var publish = ((List<object?>)graph["transitions"]!).Cast<Dictionary<string, object?>>().First(t => (string)t["to"]! == "check")["publish"];
        Assert.Equal(true, ((Dictionary<string, object?>)Assert.Single((List<object?>)publish!)!)["started"]);
    }

    [Fact]
    public async Task HandleAsync_GraphOfActionChain_AnswersNodesAsTasksAndOnSuccessOnFailureAsTransitions()
    {
        var result = await api.HandleAsync(Get("graph/shop.chain"), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var graph = Object(result);
        Assert.Equal("action-chain", graph["runner_type"]);
        Assert.Equal(
            ["first", "second", "cleanup"],
            ((List<object?>)graph["tasks"]!).Cast<Dictionary<string, object?>>().Select(t => (string)t["name"]!));
        Assert.Equal(true, Task(graph, "first")["start"]);
        Assert.Equal(false, Task(graph, "second")["start"]);
        Assert.Equal("core.echo", Task(graph, "second")["action"]);
        Assert.Equal(
            [("first", "cleanup", "on-failure"), ("first", "second", "on-success")],
            Transitions(graph).Order());
        // A templated next node is known only when the chain runs: it is named on its node, not drawn as an edge.
        Assert.Equal(new List<object?> { "on-success: {{ 'cleanup' if said else 'second' }}" }, Task(graph, "second")["next_templates"]);
    }

    [Fact]
    public async Task HandleAsync_NotAWorkflowUnknownActionOrWrongMethod_AnswersClearErrors()
    {
        var notWorkflow = await api.HandleAsync(Get("graph/core.echo"), CancellationToken.None);
        var unknown = await api.HandleAsync(Get("graph/shop.nope"), CancellationToken.None);
        var post = await api.HandleAsync(With("POST", "graph/shop.order"), CancellationToken.None);
        var other = await api.HandleAsync(Get("shop.order"), CancellationToken.None);

        Assert.Equal(400, notWorkflow.StatusCode);
        Assert.Equal("Action core.echo runs on the local-shell-cmd runner, not orquesta or action-chain: it has no workflow graph.", Fault(notWorkflow));
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal("Action shop.nope is not in any loaded pack.", Fault(unknown));
        Assert.Equal(405, post.StatusCode);
        Assert.Equal(404, other.StatusCode);
    }
}
