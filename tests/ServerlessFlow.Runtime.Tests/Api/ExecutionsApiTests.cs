using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class ExecutionsApiTests
{
    private readonly ApiWorld world = new();

    private async Task<List<string>> SeedAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            world.Time.Advance(TimeSpan.FromSeconds(1));
            var id = $"exec-{i:D2}";
            await world.Host.Executions.CreateAsync(ExecutionState.Create(
                id, "core.noop", "noop", [], new ExecutionContextState(), world.Time.GetUtcNow()));
            ids.Add(id);
        }

        return ids;
    }

    [Fact]
    public async Task HandleAsync_PostCoreEcho_RunsToTheEndAndAnswers201()
    {
        var result = await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "hi"}}"""));

        Assert.Equal(201, result.StatusCode);
        var body = Object(result);
        Assert.Equal("succeeded", body["status"]);
        var stored = await world.Host.Executions.GetAsync((string)body["id"]!);
        Assert.Equal(ExecutionStatus.Succeeded, stored?.Status);
        Assert.Equal("hi", stored?.Parameters["message"]);
    }

    [Fact]
    public async Task HandleAsync_PostWithoutAction_Answers400NamingTheField()
    {
        var result = await world.CallAsync("executions", With("POST", "", """{"parameters": {}}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("\"action\"", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_PostParametersNotObject_Answers400()
    {
        var result = await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": [1]}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("\"parameters\" must be an object", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_PostUnknownAction_Answers404()
    {
        var result = await world.CallAsync("executions", With("POST", "", """{"action": "nope.nothing"}"""));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Action nope.nothing is not in any loaded pack.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_PostBadParameters_Answers400AndStoresNothing()
    {
        var result = await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"mesage": "x"}}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("'mesage' is not a parameter of core.echo", Fault(result), StringComparison.Ordinal);
        Assert.Empty((await world.Host.Executions.ListAsync(new ExecutionQuery())).Items);
    }

    [Theory]
    [InlineData("not json", "Request body is not valid JSON")]
    [InlineData("[1, 2]", "Request body must be a JSON object.")]
    [InlineData("", "Request body is not valid JSON")]
    public async Task HandleAsync_PostMalformedBody_Answers400(string body, string expected)
    {
        var result = await world.CallAsync("executions", With("POST", "", body));

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith(expected, Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_PostBodyOverLimit_Answers413WithoutReadingIt()
    {
        var request = new ApiRequest { Method = "POST", Body = new MemoryStream(new byte[16]), ContentLength = ApiBody.MaxBytes + 1L };

        var result = await world.CallAsync("executions", request);

        Assert.Equal(413, result.StatusCode);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task HandleAsync_PostChunkedBodyOverLimit_Answers413()
    {
        var request = new ApiRequest { Method = "POST", Body = new MemoryStream(new byte[ApiBody.MaxBytes + 10]), ContentLength = null };

        var result = await world.CallAsync("executions", request);

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_PostInvalidUtf8_Answers400()
    {
        var request = new ApiRequest { Method = "POST", Body = new MemoryStream([0x7b, 0xff, 0x7d]), ContentLength = 3 };

        var result = await world.CallAsync("executions", request);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Request body is not UTF-8 text.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_GetUnknownId_Answers404()
    {
        var result = await world.CallAsync("executions", Get("missing"));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Execution missing was not found.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_GetChildrenOfUnknownId_Answers404()
    {
        var result = await world.CallAsync("executions", Get("missing/children"));

        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_GetChildren_AnswersOldestFirst()
    {
        await SeedAsync(1);
        foreach (var (child, second) in new[] { ("child-b", 5), ("child-a", 9) })
        {
            await world.Host.Executions.CreateAsync(ExecutionState.Create(
                child, "core.noop", "noop", [], new ExecutionContextState { ParentExecutionId = "exec-00" }, world.Time.GetUtcNow().AddSeconds(second)));
        }

        var result = await world.CallAsync("executions", Get("exec-00/children"));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["child-b", "child-a"], Ids(result));
    }

    [Fact]
    public async Task HandleAsync_ListWithLimit_AnswersNewestFirstWithContinuationHeader()
    {
        await SeedAsync(5);

        var first = await world.CallAsync("executions", Get("", ("limit", "2")));
        var token = first.Headers[ApiPaging.ContinuationHeader];
        var second = await world.CallAsync("executions", Get("", ("limit", "2"), ("continuation_token", token)));

        Assert.Equal(["exec-04", "exec-03"], Ids(first));
        Assert.Equal(["exec-02", "exec-01"], Ids(second));
    }

    [Fact]
    public async Task HandleAsync_ListWithOffset_SkipsInStorageOrderAndContinuesExactly()
    {
        await SeedAsync(6);

        var page = await world.CallAsync("executions", Get("", ("limit", "2"), ("offset", "3")));
        var next = await world.CallAsync("executions", Get("", ("limit", "2"), ("continuation_token", page.Headers[ApiPaging.ContinuationHeader])));

        Assert.Equal(["exec-02", "exec-01"], Ids(page));
        Assert.Equal(["exec-00"], Ids(next));
        Assert.False(next.Headers.ContainsKey(ApiPaging.ContinuationHeader));
    }

    [Fact]
    public async Task HandleAsync_ListOffsetPastTheEnd_AnswersEmptyPageWithoutToken()
    {
        await SeedAsync(3);

        var page = await world.CallAsync("executions", Get("", ("offset", "3")));

        Assert.Empty(List(page));
        Assert.False(page.Headers.ContainsKey(ApiPaging.ContinuationHeader));
    }

    [Fact]
    public async Task HandleAsync_ListWithFilter_AnswersOnlyMatches()
    {
        await SeedAsync(2);
        await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "x"}}"""));

        var result = await world.CallAsync("executions", Get("", ("action", "core.echo"), ("status", "succeeded")));

        var only = Assert.Single(List(result));
        Assert.Equal("core.echo", ((Dictionary<string, object?>)((Dictionary<string, object?>)only!)["action"]!)["ref"]);
    }

    [Theory]
    [InlineData("limit", "0", "limit must be an integer from 1 to 1000, got '0'")]
    [InlineData("limit", "1001", "limit must be an integer from 1 to 1000")]
    [InlineData("limit", "ten", "limit must be an integer")]
    [InlineData("offset", "-1", "offset must be an integer from 0 to 100000, got '-1'")]
    [InlineData("offset", "100001", "offset must be an integer from 0 to 100000")]
    [InlineData("status", "sleeping", "Unknown execution status 'sleeping'.")]
    public async Task HandleAsync_ListBadQuery_Answers400NamingTheParameter(string name, string value, string expected)
    {
        var result = await world.CallAsync("executions", Get("", (name, value)));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(expected, Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ListOffsetWithContinuationToken_Answers400()
    {
        var result = await world.CallAsync("executions", Get("", ("offset", "2"), ("continuation_token", "x")));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("cannot be combined", Fault(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ReRunWithOverride_RunsAgainWithMergedParameters()
    {
        var first = Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.local", "parameters": {"cmd": "echo one", "timeout": 30}}""")));

        var result = await world.CallAsync("executions", With("POST", $"{first["id"]}/re_run", """{"parameters": {"cmd": "echo two"}}"""));

        Assert.Equal(201, result.StatusCode);
        var again = await world.Host.Executions.GetAsync((string)Object(result)["id"]!);
        Assert.NotEqual(first["id"], again?.Id);
        Assert.Equal("echo two", again?.Parameters["cmd"]);
        Assert.Equal(30L, again?.Parameters["timeout"]);
    }

    [Fact]
    public async Task HandleAsync_ReRunWithEmptyBody_RunsWithOriginalParameters()
    {
        var first = Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "same"}}""")));

        var result = await world.CallAsync("executions", With("POST", $"{first["id"]}/re_run"));

        Assert.Equal(201, result.StatusCode);
        Assert.Equal("same", (await world.Host.Executions.GetAsync((string)Object(result)["id"]!))?.Parameters["message"]);
    }

    [Fact]
    public async Task HandleAsync_SecretParameter_IsMaskedInAnswersAndReRunNeedsItAgain()
    {
        var posted = await world.CallAsync("executions", With("POST", "", """{"action": "core.local", "parameters": {"cmd": "echo one", "sudo_password": "hunter2"}}"""));
        var id = (string)Object(posted)["id"]!;
        var got = await world.CallAsync("executions", Get(id));
        var listed = await world.CallAsync("executions", Get(""));

        var refused = await world.CallAsync("executions", With("POST", $"{id}/re_run", """{"parameters": {"cmd": "echo two"}}"""));
        var rerun = await world.CallAsync("executions", With("POST", $"{id}/re_run", """{"parameters": {"sudo_password": "hunter3"}}"""));

        Assert.Equal(201, posted.StatusCode);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(Object(posted)["parameters"])["sudo_password"]);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(Object(got)["parameters"])["sudo_password"]);
        Assert.DoesNotContain("hunter2", listed.BodyText, StringComparison.Ordinal);
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal($"Execution {id} was given secret parameter(s) 'sudo_password', which are stored masked: pass them again in \"parameters\" to re-run.", Fault(refused));
        Assert.Equal(201, rerun.StatusCode);
        Assert.Equal("echo one", Assert.IsType<Dictionary<string, object?>>(Object(rerun)["parameters"])["cmd"]);
        Assert.Equal("********", Assert.IsType<Dictionary<string, object?>>(Object(rerun)["parameters"])["sudo_password"]);
        Assert.DoesNotContain("hunter3", rerun.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tasks": ["t2"]}""", "Task option is only supported for Orquesta workflows.")]
    [InlineData("""{"tasks": ["t2"], "reset": ["t3"]}""", "List of tasks to reset does not match the tasks to rerun.")]
    [InlineData("""{"tasks": ["t2"], "parameters": {"message": "x"}}""", "Parameters override is not supported when re-running task(s) for a workflow.")]
    [InlineData("""{"tasks": "t2"}""", "The tasks needs to be a list (was string).")]
    [InlineData("""{"delay": 500}""", "A re-run delay (500 ms) is not supported by ServerlessFlow yet (executions have no delayed status); re-run without it.")]
    public async Task HandleAsync_ReRunWithBadTaskOptions_Answers400WithStackStormsMessageAndRunsNothing(string body, string message)
    {
        var first = Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "one"}}""")));

        var result = await world.CallAsync("executions", With("POST", $"{first["id"]}/re_run", body));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(message, Fault(result));
        Assert.Single(List(await world.CallAsync("executions", Get(""))));
    }

    [Fact]
    public async Task HandleAsync_ReRunWithZeroDelayAsSt2ClientSendsIt_RunsAgainAndRecordsWhatItReRuns()
    {
        var first = Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "one"}}""")));

        var result = await world.CallAsync("executions", With("POST", $"{first["id"]}/re_run", """{"parameters": {}, "tasks": [], "reset": [], "delay": 0}"""));

        Assert.Equal(201, result.StatusCode);
        var context = Assert.IsType<Dictionary<string, object?>>(Object(result)["context"]);
        Assert.Equal(first["id"], Assert.IsType<Dictionary<string, object?>>(context["re-run"])["ref"]);
        Assert.Equal(first["id"], (await world.Host.Executions.GetAsync((string)Object(result)["id"]!))?.Context.ReRun?.Ref);
    }

    [Fact]
    public async Task HandleAsync_RequestFromAHostWithAConsole_ExecutionsCarryWebUrlToTheirConsolePage()
    {
        var id = (string)Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.echo", "parameters": {"message": "hi"}}""")))["id"]!;

        var got = await world.CallAsync("executions", new ApiRequest { Method = "GET", Path = id, ConsoleUrl = "http://console.example:8080/" });
        var listed = await world.CallAsync("executions", new ApiRequest { Method = "GET", ConsoleUrl = "http://console.example:8080/" });
        var withoutConsole = await world.CallAsync("executions", Get(id));

        Assert.Equal($"http://console.example:8080/#/executions/{id}", Object(got)["web_url"]);
        Assert.Equal($"http://console.example:8080/#/executions/{id}", Assert.IsType<Dictionary<string, object?>>(Assert.Single(List(listed)))["web_url"]);
        Assert.False(Object(withoutConsole).ContainsKey("web_url"));
    }

    [Fact]
    public async Task HandleAsync_ReRunUnknown_Answers404()
    {
        var result = await world.CallAsync("executions", With("POST", "missing/re_run", "{}"));

        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_DeleteCompletedExecution_Answers409AndSendsNothing()
    {
        var done = Object(await world.CallAsync("executions", With("POST", "", """{"action": "core.noop"}""")));

        var result = await world.CallAsync("executions", With("DELETE", (string)done["id"]!));

        Assert.Equal(409, result.StatusCode);
        Assert.Equal($"Execution {done["id"]} is already succeeded.", Fault(result));
        Assert.Empty(world.Control.Signals);
    }

    [Fact]
    public async Task HandleAsync_PausingNonWorkflow_Answers400()
    {
        await SeedAsync(1);

        var result = await world.CallAsync("executions", With("PUT", "exec-00", """{"status": "pausing"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("is not a workflow", Fault(result), StringComparison.Ordinal);
        Assert.Empty(world.Control.Signals);
    }

    [Theory]
    [InlineData("PUT", """{"status": "pausing"}""", WorkflowControlSignal.Pause)]
    [InlineData("PUT", """{"status": "resuming"}""", WorkflowControlSignal.Resume)]
    [InlineData("PUT", """{"status": "canceling"}""", WorkflowControlSignal.Cancel)]
    [InlineData("DELETE", null, WorkflowControlSignal.Cancel)]
    public async Task HandleAsync_ControlRunningWorkflow_SignalsAndAnswers200(string method, string? body, WorkflowControlSignal expected)
    {
        await SeedAsync(1);
        world.Control.Workflows.Add("exec-00");

        var result = await world.CallAsync("executions", With(method, "exec-00", body));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal([("exec-00", expected)], world.Control.Signals);
        Assert.Equal("exec-00", Object(result)["id"]);
    }

    [Fact]
    public async Task HandleAsync_PutUnknownStatus_Answers400QuotingIt()
    {
        await SeedAsync(1);
        world.Control.Workflows.Add("exec-00");

        var result = await world.CallAsync("executions", With("PUT", "exec-00", """{"status": "sleeping"}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Field \"status\" must be \"pausing\", \"resuming\" or \"canceling\", got \"sleeping\".", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_UnknownSubPath_Answers404NamingIt()
    {
        var result = await world.CallAsync("executions", Get("abc/logs"));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("No endpoint GET /api/v1/executions/abc/logs.", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_WrongMethod_Answers405WithAllow()
    {
        var result = await world.CallAsync("executions", With("PATCH", "abc", "{}"));

        Assert.Equal(405, result.StatusCode);
        Assert.Equal("GET, PUT, DELETE", result.Headers["Allow"]);
    }
}
