using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.Tests.Api;

/// <summary>
/// The API functions called as the Functions host calls them: a real <see cref="HttpRequest"/> (DefaultHttpContext), the
/// route's <c>rest</c> value, and a real Durable client from the in-process test host in place of the <c>[DurableClient]</c>
/// binding; the app's own service composition with in-memory stores.
/// </summary>
public sealed class ApiFunctionsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private sealed record Answer(int Status, object? Body, IHeaderDictionary Headers)
    {
        public object? this[string field] => Body is Dictionary<string, object?> d ? d.GetValueOrDefault(field) : null;
    }

    private static HttpRequest Request(string method, string? body = null, string? query = null, string? apiKey = FunctionsWorld.ApiKey)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (apiKey is not null)
        {
            context.Request.Headers["St2-Api-Key"] = apiKey;
        }

        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        return context.Request;
    }

    private static Answer Read(HttpRequest request, IActionResult result) => result switch
    {
        ContentResult content => new Answer(content.StatusCode ?? 200, JsonText.TryParse(content.Content!, out var parsed, out _) ? parsed : content.Content, request.HttpContext.Response.Headers),
        StatusCodeResult status => new Answer(status.StatusCode, null, request.HttpContext.Response.Headers),
        _ => throw new InvalidOperationException($"Unexpected result {result.GetType().Name}."),
    };

    private static async Task<Answer> ExecutionsAsync(FunctionsWorld world, string method, string? rest = null, string? body = null, string? query = null, string? apiKey = FunctionsWorld.ApiKey, DurableTaskClient? client = null)
    {
        var request = Request(method, body, query, apiKey);
        var result = await world.Create<ApiFunctions>().ExecutionsAsync(request, rest, client ?? world.Host.Client, CancellationToken.None);
        return Read(request, result);
    }

    private static async Task<Answer> WaitForStatusAsync(FunctionsWorld world, string id, CancellationToken cancellationToken, params string[] statuses)
    {
        while (true)
        {
            var answer = await ExecutionsAsync(world, "GET", id);
            if (statuses.Contains(answer["status"] as string))
            {
                return answer;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    [SkippableFact]
    public async Task ExecutionsAsync_PostWorkflow_StartsOrchestrationThroughTheBindingClient()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        var started = await ExecutionsAsync(world, "POST", body: """{"action": "examples.greet", "parameters": {"name": "Api"}}""");
        var id = (string)started["id"]!;
        var result = await new WorkflowOrchestrationClient(world.Host.Client).WaitAsync(id, cts.Token);
        var done = await WaitForStatusAsync(world, id, cts.Token, "succeeded", "failed");
        var children = await ExecutionsAsync(world, "GET", $"{id}/children");

        Assert.Equal(201, started.Status);
        Assert.Equal("running", started["status"]);
        Assert.True(result.Status == "succeeded", result.ResultJson);
        Assert.Equal("succeeded", done["status"]);
        Assert.Equal(2, Assert.IsType<List<object?>>(children.Body).Count);
    }

    [SkippableFact]
    public async Task ExecutionsAsync_ReRunWorkflow_StartsASecondOrchestrationWithOverrides()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);
        var first = await ExecutionsAsync(world, "POST", body: """{"action": "examples.greet", "parameters": {"name": "One"}}""");
        await new WorkflowOrchestrationClient(world.Host.Client).WaitAsync((string)first["id"]!, cts.Token);

        var again = await ExecutionsAsync(world, "POST", $"{first["id"]}/re_run", """{"parameters": {"name": "Two"}}""");
        var result = await new WorkflowOrchestrationClient(world.Host.Client).WaitAsync((string)again["id"]!, cts.Token);

        Assert.Equal(201, again.Status);
        Assert.NotEqual(first["id"], again["id"]);
        Assert.Contains("Hello, Two!", result.ResultJson, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ExecutionsAsync_PostNonWorkflowAction_Answers201RequestedAndRunsItOutOfBand()
    {
        await using var world = await FunctionsWorld.StartAsync();
        using var cts = new CancellationTokenSource(HangGuard);

        var started = await ExecutionsAsync(world, "POST", body: """{"action": "core.echo", "parameters": {"message": "out of band"}}""");
        var done = await WaitForStatusAsync(world, (string)started["id"]!, cts.Token, "succeeded", "failed");
        var orchestration = await world.Host.Client.GetInstanceAsync("execution-" + started["id"], cts.Token);

        Assert.Equal(201, started.Status);
        Assert.Equal("requested", started["status"]);
        Assert.Equal("succeeded", done["status"]);
        Assert.Equal("out of band", ((Dictionary<string, object?>)done["result"]!)["stdout"]);
        Assert.NotNull(orchestration);
    }

    [SkippableFact]
    public async Task ExecutionsAsync_PostNonWorkflowActionWithBadParameters_Answers400AndStoresNothing()
    {
        await using var world = await FunctionsWorld.StartAsync();

        var refused = await ExecutionsAsync(world, "POST", body: """{"action": "core.echo", "parameters": {}}""");
        var list = await ExecutionsAsync(world, "GET");

        Assert.Equal(400, refused.Status);
        Assert.Contains("message", (string)refused["faultstring"]!, StringComparison.Ordinal);
        Assert.Empty(Assert.IsType<List<object?>>(list.Body));
    }

    [SkippableFact]
    public async Task ExecutionsAsync_WithoutApiKey_Answers401AndRunsNothing()
    {
        await using var world = await FunctionsWorld.StartAsync();

        var refused = await ExecutionsAsync(world, "POST", body: """{"action": "core.noop"}""", apiKey: null);
        var wrong = await ExecutionsAsync(world, "GET", apiKey: "guess");
        var list = await ExecutionsAsync(world, "GET");

        Assert.Equal(401, refused.Status);
        Assert.Equal("Missing API key: send the St2-Api-Key header.", refused["faultstring"]);
        Assert.Equal(403, wrong.Status);
        Assert.Empty(Assert.IsType<List<object?>>(list.Body));
    }

    [SkippableFact]
    public async Task ExecutionsAsync_ListWithOffset_AnswersPageAndContinuationHeader()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((string)(await ExecutionsAsync(world, "POST", body: """{"action": "core.noop"}"""))["id"]!);
        }

        var all = await ExecutionsAsync(world, "GET");
        var page = await ExecutionsAsync(world, "GET", query: "?limit=2&offset=1");
        var rest = await ExecutionsAsync(world, "GET", query: "?limit=2&continuation_token=" + Uri.EscapeDataString(page.Headers[ApiPaging.ContinuationHeader].ToString()));

        var newestFirst = Assert.IsType<List<object?>>(all.Body).Select(e => (string)((Dictionary<string, object?>)e!)["id"]!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), newestFirst.Order(StringComparer.Ordinal));
        Assert.Equal(newestFirst.Skip(1).Take(2), Assert.IsType<List<object?>>(page.Body).Select(e => (string)((Dictionary<string, object?>)e!)["id"]!));
        Assert.Equal(newestFirst.Skip(3), Assert.IsType<List<object?>>(rest.Body).Select(e => (string)((Dictionary<string, object?>)e!)["id"]!));
    }

    [SkippableFact]
    public async Task ExecutionsAsync_PauseThenResumeRunningWorkflow_PausesThenSucceeds()
    {
        await using var world = await FunctionsWorld.StartAsync(FunctionsWorld.St2Packs);
        using var cts = new CancellationTokenSource(HangGuard);

        var started = await ExecutionsAsync(world, "POST", body: """{"action": "examples.orquesta-delay", "parameters": {"name": "Ann", "delay": 2}}""");
        var id = (string)started["id"]!;
        await WaitForStatusAsync(world, id, cts.Token, "running");
        var pause = await ExecutionsAsync(world, "PUT", id, """{"status": "pausing"}""");
        var paused = await WaitForStatusAsync(world, id, cts.Token, "paused", "succeeded", "failed");
        var resume = await ExecutionsAsync(world, "PUT", id, """{"status": "resuming"}""");
        var done = await WaitForStatusAsync(world, id, cts.Token, "succeeded", "failed", "canceled");

        Assert.Equal(200, pause.Status);
        Assert.Equal("paused", paused["status"]);
        Assert.Equal(200, resume.Status);
        Assert.Equal("succeeded", done["status"]);
    }

    [SkippableFact]
    public async Task ExecutionsAsync_DeleteRunningWorkflow_EndsCanceled()
    {
        await using var world = await FunctionsWorld.StartAsync(FunctionsWorld.St2Packs);
        using var cts = new CancellationTokenSource(HangGuard);

        var started = await ExecutionsAsync(world, "POST", body: """{"action": "examples.orquesta-delay", "parameters": {"name": "Ann", "delay": 2}}""");
        var id = (string)started["id"]!;
        await WaitForStatusAsync(world, id, cts.Token, "running");
        var cancel = await ExecutionsAsync(world, "DELETE", id);
        var done = await WaitForStatusAsync(world, id, cts.Token, "canceled", "succeeded", "failed");
        var again = await ExecutionsAsync(world, "DELETE", id);

        Assert.Equal(200, cancel.Status);
        Assert.Equal("canceled", done["status"]);
        Assert.Equal(409, again.Status);
    }

    [SkippableFact]
    public async Task InquiriesAsync_RespondToAskInWorkflow_WakesTheWorkflowToSuccess()
    {
        await using var world = await FunctionsWorld.StartAsync(FunctionsWorld.St2Packs);
        using var cts = new CancellationTokenSource(HangGuard);
        var functions = world.Create<ApiFunctions>();

        var started = await ExecutionsAsync(world, "POST", body: """{"action": "examples.orquesta-ask-basic"}""");
        var id = (string)started["id"]!;
        await WaitForStatusAsync(world, id, cts.Token, "paused");
        var listRequest = Request("GET");
        var list = Read(listRequest, await functions.InquiriesAsync(listRequest, null, world.Host.Client, cts.Token));
        var inquiryId = (string)((Dictionary<string, object?>)Assert.Single(Assert.IsType<List<object?>>(list.Body))!)["id"]!;
        var refusedRequest = Request("PUT", """{"response": {"approved": "yes"}}""");
        var refused = Read(refusedRequest, await functions.InquiriesAsync(refusedRequest, inquiryId, world.Host.Client, cts.Token));
        var answerRequest = Request("PUT", """{"response": {"approved": true}}""");
        var answered = Read(answerRequest, await functions.InquiriesAsync(answerRequest, inquiryId, world.Host.Client, cts.Token));
        var done = await WaitForStatusAsync(world, id, cts.Token, "succeeded", "failed");

        Assert.Equal(400, refused.Status);
        Assert.Equal(200, answered.Status);
        Assert.Equal("succeeded", done["status"]);
    }

    [SkippableFact]
    public async Task ActionsAsync_GetListAndOne_AnswersDeployedActionsWithMergedParameters()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var functions = world.Create<ApiFunctions>();

        var listRequest = Request("GET", query: "?pack=examples");
        var list = Read(listRequest, await functions.ActionsAsync(listRequest, null, CancellationToken.None));
        var oneRequest = Request("GET");
        var one = Read(oneRequest, await functions.ActionsAsync(oneRequest, "core.local", CancellationToken.None));
        var missingRequest = Request("GET");
        var missing = Read(missingRequest, await functions.ActionsAsync(missingRequest, "core.nope", CancellationToken.None));
        var refusedRequest = Request("GET", apiKey: null);
        var refused = Read(refusedRequest, await functions.ActionsAsync(refusedRequest, null, CancellationToken.None));

        Assert.Equal(200, list.Status);
        Assert.Contains("examples.greet", Assert.IsType<List<object?>>(list.Body).Select(a => ((Dictionary<string, object?>)a!)["ref"]));
        Assert.All(Assert.IsType<List<object?>>(list.Body), a => Assert.Equal("examples", ((Dictionary<string, object?>)a!)["pack"]));
        Assert.Equal("local-shell-cmd", one["runner_type"]);
        Assert.True(Assert.IsType<Dictionary<string, object?>>(one["parameters"]).ContainsKey("timeout"));
        Assert.Equal(404, missing.Status);
        Assert.Equal(401, refused.Status);
    }

    [SkippableFact]
    public async Task ResourcesAsync_EveryOtherResource_AnswersTheSameApiAsServe()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var functions = world.Create<ApiFunctions>();
        async Task<Answer> CallAsync(string method, string resource, string? rest = null, string? body = null, string? query = null)
        {
            var request = Request(method, body, query);
            return Read(request, await functions.ResourcesAsync(request, resource, rest, world.Host.Client, CancellationToken.None));
        }

        var runner = await CallAsync("GET", "runnertypes", query: "?name=local-shell-cmd");
        var rules = await CallAsync("GET", "rules", query: "?pack=examples");
        var rule = await CallAsync("GET", "rules", "examples.greet_webhook");
        var disable = await CallAsync("PUT", "rules", "examples.greet_webhook", """{"name": "greet_webhook", "pack": "examples", "enabled": false}""");
        var packs = await CallAsync("GET", "packs");
        var triggerTypes = await CallAsync("GET", "triggertypes", query: "?pack=core");
        var webhooks = await CallAsync("GET", "webhooks");
        var policyTypes = await CallAsync("GET", "policytypes");
        var traces = await CallAsync("GET", "traces");
        var unknown = await CallAsync("GET", "widgets");
        var badId = await CallAsync("GET", "packs", "nopack");

        Assert.Equal("local-shell-cmd", Field(Assert.Single(Assert.IsType<List<object?>>(runner.Body)), "name"));
        Assert.Contains("examples.greet_webhook", Assert.IsType<List<object?>>(rules.Body).Select(r => Field(r, "ref")));
        Assert.Equal("core.st2.webhook", Field(rule["trigger"], "type"));
        Assert.Equal(405, disable.Status);
        Assert.Contains("deployed packs", (string)disable["faultstring"]!, StringComparison.Ordinal);
        Assert.Equal(["core", "examples", "packs"], Assert.IsType<List<object?>>(packs.Body).Select(p => (string)Field(p, "ref")!));
        Assert.Contains("core.st2.webhook", Assert.IsType<List<object?>>(triggerTypes.Body).Select(t => Field(t, "ref")));
        Assert.Contains("greet", Assert.IsType<List<object?>>(webhooks.Body).Select(w => Field(Field(w, "parameters"), "url")));
        Assert.Equal(["action.concurrency", "action.concurrency.attr", "action.retry"], Assert.IsType<List<object?>>(policyTypes.Body).Select(p => (string)Field(p, "ref")!));
        Assert.Equal(200, traces.Status);
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("No resource /api/v1/widgets", (string)unknown["faultstring"]!, StringComparison.Ordinal);
        Assert.Equal(404, badId.Status);
        Assert.Contains("nopack", (string)badId["faultstring"]!, StringComparison.Ordinal);
    }

    private static object? Field(object? record, string name) => record is Dictionary<string, object?> d ? d.GetValueOrDefault(name) : null;

    [SkippableFact]
    public async Task KeysAsync_PutGetDelete_RoundTripsWithoutADurableClient()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var functions = world.Create<ApiFunctions>();

        var putRequest = Request("PUT", """{"value": "eu-west"}""");
        var put = Read(putRequest, await functions.KeysAsync(putRequest, "region", CancellationToken.None));
        var getRequest = Request("GET");
        var get = Read(getRequest, await functions.KeysAsync(getRequest, "region", CancellationToken.None));
        var deleteRequest = Request("DELETE");
        var deleted = Read(deleteRequest, await functions.KeysAsync(deleteRequest, "region", CancellationToken.None));
        var secretRequest = Request("PUT", """{"value": "p", "secret": true}""");
        var secret = Read(secretRequest, await functions.KeysAsync(secretRequest, "password", CancellationToken.None));

        Assert.Equal(200, put.Status);
        Assert.Equal("eu-west", get["value"]);
        Assert.Equal(204, deleted.Status);
        Assert.Null(deleted.Body);
        Assert.Equal(400, secret.Status);
    }

    [SkippableFact]
    public async Task TriggerInstancesAsync_ReEmit_DispatchesANewInstanceAndEnforcementsListIsEmpty()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var functions = world.Create<ApiFunctions>();
        var original = await world.Get<TriggerDispatcher>().DispatchAsync("core.st2.webhook", new() { ["url"] = "greet", ["body"] = new Dictionary<string, object?>(), ["headers"] = new Dictionary<string, object?>() });

        var reEmitRequest = Request("POST");
        var reEmitted = Read(reEmitRequest, await functions.TriggerInstancesAsync(reEmitRequest, $"{original.Id}/re_emit", CancellationToken.None));
        var listRequest = Request("GET", query: "?trigger=core.st2.webhook");
        var list = Read(listRequest, await functions.TriggerInstancesAsync(listRequest, null, CancellationToken.None));
        var enforcementsRequest = Request("GET");
        var enforcements = Read(enforcementsRequest, await functions.RuleEnforcementsAsync(enforcementsRequest, string.Empty, CancellationToken.None));
        var missingRequest = Request("GET");
        var missing = Read(missingRequest, await functions.RuleEnforcementsAsync(missingRequest, "nope", CancellationToken.None));

        Assert.Equal(200, reEmitted.Status);
        Assert.NotEqual(original.Id, reEmitted["id"]);
        Assert.Equal(2, Assert.IsType<List<object?>>(list.Body).Count);
        Assert.Empty(Assert.IsType<List<object?>>(enforcements.Body));
        Assert.Equal(404, missing.Status);
    }
}
