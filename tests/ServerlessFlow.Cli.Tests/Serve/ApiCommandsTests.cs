using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>The API-backed CLI commands against an in-process <c>sflow serve</c> (in-memory stores, the repository's packs).</summary>
public sealed class ApiCommandsTests
{
    [Fact]
    public async Task WebhookPost_ThenExecutionListAndGet_ShowTheWorkflowAndItsTasks()
    {
        await using var host = await StartAsync();

        var (posted, postOut, _) = await RunAsync(host, "webhook", "post", "orders", """{"order_id":"C3","items":["a"]}""", "--trace-tag", "cli-1");
        object? executions = null;
        using (var client = new ServeClient(host.Url))
        {
            executions = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", b => b is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded");
        }

        var id = (string)Field(((List<object?>)executions!)[0], "id")!;
        var (listed, listJson, _) = await RunAsync(host, "execution", "list", "--trace-tag", "cli-1", "--action", "examples.process_order", "--json");
        var (got, getText, _) = await RunAsync(host, "execution", "get", id);
        var (table, tableText, _) = await RunAsync(host, "execution", "list", "--status", "succeeded");

        Assert.Equal(0, posted);
        Assert.Equal("Accepted: {\"order_id\":\"C3\",\"items\":[\"a\"]}", postOut.Trim());
        Assert.Equal(0, listed);
        Assert.Equal(id, Field(Assert.Single((List<object?>)JsonText.Parse(listJson)!), "id"));
        Assert.Equal(0, got);
        Assert.Contains("succeeded", getText, StringComparison.Ordinal);
        Assert.Contains("summarise", getText, StringComparison.Ordinal);
        Assert.Contains("check_items", getText, StringComparison.Ordinal);
        Assert.Equal(0, table);
        Assert.Contains("examples.process_order", tableText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionAliasCommands_MatchThenExecute_RunCoreLocalThroughTheExamplesAlias()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (matched, matchText, _) = await RunAsync(host, "action-alias", "match", "run local echo alias-ok");
        var (unmatched, _, unmatchedError) = await RunAsync(host, "action-alias", "match", "dance");
        var (executed, executeText, _) = await RunAsync(host, "action-alias", "execute", "run local echo alias-ok", "--user", "ann");
        var id = System.Text.RegularExpressions.Regex.Match(executeText, "execution: ([0-9a-f]{24})").Groups[1].Value;
        var done = await client.WaitForAsync($"/api/v1/executions/{id}", b => Field(b, "status") is "succeeded" or "failed");

        Assert.Equal(0, matched);
        Assert.Contains("examples.local_shell_cmd", matchText, StringComparison.Ordinal);
        Assert.Contains("run local {{ cmd }}", matchText, StringComparison.Ordinal);
        Assert.Equal(1, unmatched);
        Assert.Contains("400: Command 'dance' matched no patterns", unmatchedError, StringComparison.Ordinal);
        Assert.Equal(0, executed);
        Assert.Contains($"Running `echo alias-ok` (execution {id})", executeText, StringComparison.Ordinal);
        Assert.Equal("succeeded", Field(done, "status"));
        Assert.Equal("alias-ok", Field(Field(done, "result"), "stdout")?.ToString()?.Trim());
        Assert.Equal("ann", Field(Field(done, "context"), "api_user"));
    }

    [Fact]
    public async Task CatalogueCommands_RuleRunnerPackTriggerWebhookTail_AnswerFromTheServer()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (disabled, disableText, _) = await RunAsync(host, "rule", "disable", "examples.greet_webhook");
        var (ruleList, ruleJson, _) = await RunAsync(host, "rule", "list", "--pack", "examples", "--json");
        var (enabled, _, _) = await RunAsync(host, "rule", "enable", "examples.greet_webhook");
        var (runners, runnerText, _) = await RunAsync(host, "runner", "list");
        var (pack, packText, _) = await RunAsync(host, "pack", "get", "examples");
        var (triggers, triggerText, _) = await RunAsync(host, "trigger", "list", "--pack", "examples");
        var (hooks, hookText, _) = await RunAsync(host, "webhook", "list");
        var (missing, _, missingError) = await RunAsync(host, "action", "get", "core.nope");
        var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.greet","parameters":{"name":"Tail"}}""");
        var (tailed, tailText, _) = await RunAsync(host, "execution", "tail", (string)Field(started, "id")!);

        Assert.Equal(0, disabled);
        Assert.Matches(@"enabled\s*│\s*false", disableText);
        Assert.Equal(0, ruleList);
        Assert.Contains(((List<object?>)JsonText.Parse(ruleJson)!), r => Field(r, "ref") is "examples.greet_webhook" && Field(r, "enabled") is false);
        Assert.Equal(0, enabled);
        Assert.Equal(0, runners);
        Assert.Contains("local-shell-cmd", runnerText, StringComparison.Ordinal);
        Assert.Equal(0, pack);
        Assert.Contains("examples", packText, StringComparison.Ordinal);
        Assert.Equal(0, triggers);
        Assert.Contains("examples.order_received", triggerText, StringComparison.Ordinal);
        Assert.Equal(0, hooks);
        Assert.Contains("orders", hookText, StringComparison.Ordinal);
        Assert.Equal(1, missing);
        Assert.Contains("core.nope", missingError, StringComparison.Ordinal);
        Assert.Equal(0, tailed);
        Assert.Contains("examples.greet) succeeded", tailText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_SetGetListDelete_RoundTrips()
    {
        await using var host = await StartAsync();

        var (set, _, _) = await RunAsync(host, "key", "set", "colour", "blue");
        var (get, getJson, _) = await RunAsync(host, "key", "get", "colour", "--json");
        var (list, listText, _) = await RunAsync(host, "key", "list");
        var (delete, _, _) = await RunAsync(host, "key", "delete", "colour");
        var (missing, _, missingError) = await RunAsync(host, "key", "get", "colour");

        Assert.Equal(0, set);
        Assert.Equal(0, get);
        Assert.Equal("blue", Field(JsonText.Parse(getJson), "value"));
        Assert.Equal(0, list);
        Assert.Contains("colour", listText, StringComparison.Ordinal);
        Assert.Equal(0, delete);
        Assert.Equal(1, missing);
        Assert.Contains("404: Key colour was not found.", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_GetAndListWithDecrypt_ShowTheSecretInClearTextOnlyWhenAsked()
    {
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [Path.Combine(RepositoryPaths.Root, "packs")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
            DatastoreKey = ServerlessFlow.Runtime.KeyValues.SecretCipher.GenerateKey(),
        });

        var (set, _, _) = await RunAsync(host, "key", "set", "token", "s3cr3t", "--secret");
        var (get, getJson, _) = await RunAsync(host, "key", "get", "token", "--json");
        var (clear, clearJson, _) = await RunAsync(host, "key", "get", "token", "--decrypt", "--json");
        var (list, listText, _) = await RunAsync(host, "key", "list", "--decrypt");

        Assert.Equal(0, set);
        Assert.Equal(0, get);
        Assert.NotEqual("s3cr3t", Field(JsonText.Parse(getJson), "value"));
        Assert.Equal(0, clear);
        Assert.Equal("s3cr3t", Field(JsonText.Parse(clearJson), "value"));
        Assert.Equal(0, list);
        Assert.Contains("s3cr3t", listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerInstanceReEmit_RunsTheRuleAgainUnderANewInstance()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        await RunAsync(host, "webhook", "post", "greet", """{"name":"Ann"}""");
        var instances = await client.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", b => b is List<object?> { Count: 1 } l && Field(l[0], "status") is "processed");
        var id = (string)Field(((List<object?>)instances!)[0], "id")!;

        var (code, json, _) = await RunAsync(host, "trigger-instance", "re-emit", id, "--json");
        var greetings = await client.WaitForAsync("/api/v1/executions?action=examples.greet", b => b is List<object?> { Count: 2 } l && l.All(e => Field(e, "status") is "succeeded"));
        var (listed, listText, _) = await RunAsync(host, "trigger-instance", "list");

        Assert.Equal(0, code);
        Assert.NotEqual(id, Field(JsonText.Parse(json), "id"));
        Assert.All((List<object?>)greetings!, g => Assert.Equal("Ann", Field(Field(g, "parameters"), "name")));
        Assert.Equal(0, listed);
        Assert.Contains("core.st2.webhook", listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutionReRun_WithChangedParameter_RunsAgainWithIt()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        var (_, first) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"core.echo","parameters":{"message":"one"}}""");

        var (code, json, _) = await RunAsync(host, "execution", "re-run", (string)Field(first, "id")!, "message=two", "--json");
        var got = await client.GetAsync($"/api/v1/executions/{Field(first, "id")}");

        Assert.Equal(0, code);
        Assert.Equal("two", Field(Field(JsonText.Parse(json), "result"), "stdout"));
        // The console sflow serve serves at its root has the execution's page at #/executions/<id>.
        Assert.Equal($"{host.Url}/#/executions/{Field(first, "id")}", Field(got, "web_url"));
    }

    [Fact]
    public async Task ExecutionReRun_WithTasksOfAFailedWorkflow_KeepsEarlierTasksAndRunsTheRest()
    {
        var pack = Directory.CreateTempSubdirectory("sflow-rerun-pack-");
        var marker = Path.Combine(pack.FullName, "marker.txt");
        try
        {
            WriteRerunPack(pack.FullName);
            await using var host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [Path.Combine(RepositoryPaths.Root, "packs"), pack.FullName],
                Url = "http://127.0.0.1:0",
                Storage = ServeStorageKind.Memory,
                RunTimerLoop = false,
            });
            using var client = new ServeClient(host.Url);
            var (_, started) = await client.SendAsync(
                HttpMethod.Post, "/api/v1/executions", JsonText.Serialize(new Dictionary<string, object?> { ["action"] = "rerun.flow", ["parameters"] = new Dictionary<string, object?> { ["marker"] = marker } }));
            var id = (string)Field(started, "id")!;
            var failed = await client.WaitForAsync($"/api/v1/executions/{id}", b => Field(b, "status") is "succeeded" or "failed");
            await File.WriteAllTextAsync(marker, "fixed");

            var (code, json, error) = await RunAsync(host, "execution", "re-run", id, "--tasks", "check", "--json");
            var rerunId = (string)Field(JsonText.Parse(json), "id")!;
            var done = await client.WaitForAsync($"/api/v1/executions/{rerunId}", b => Field(b, "status") is "succeeded" or "failed");
            var children = (List<object?>)(await client.GetAsync($"/api/v1/executions/{rerunId}/children"))!;
            var (unknownCode, unknownJson, _) = await RunAsync(host, "execution", "re-run", id, "--tasks", "nope", "--json");
            var unknown = await client.WaitForAsync(
                $"/api/v1/executions/{Field(JsonText.Parse(unknownJson), "id")}", b => Field(b, "status") is "succeeded" or "failed");

            Assert.Equal("failed", Field(failed, "status"));
            Assert.True(code == 0, error);
            Assert.NotEqual(id, rerunId);
            Assert.Equal("succeeded", Field(done, "status"));
            Assert.Equal("fixed", Field(Field(Field(done, "result"), "output"), "done"));
            Assert.Equal(id, Field(Field(Field(done, "context"), "re-run"), "ref"));
            Assert.Equal(["check", "finish"], children.Select(c => (string)Field(Field(c, "context"), "task")!).Order(StringComparer.Ordinal));
            Assert.Equal(0, unknownCode);
            Assert.Equal("failed", Field(unknown, "status"));
            Assert.Contains("Unable to rerun workflow because one or more tasks is not found: nope", JsonText.Serialize(Field(unknown, "result")), StringComparison.Ordinal);
        }
        finally
        {
            pack.Delete(recursive: true);
        }
    }

    /// <summary>A pack whose workflow fails at <c>check</c> until the marker file exists.</summary>
    private static void WriteRerunPack(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "actions", "workflows"));
        File.WriteAllText(Path.Combine(folder, "pack.yaml"), """
            ref: rerun
            name: rerun
            description: Re-run test pack.
            version: 1.0.0
            author: ServerlessFlow
            """);
        File.WriteAllText(Path.Combine(folder, "actions", "flow.yaml"), """
            name: flow
            pack: rerun
            runner_type: orquesta
            entry_point: workflows/flow.yaml
            parameters:
              marker: {type: string, required: true}
            """);
        File.WriteAllText(Path.Combine(folder, "actions", "workflows", "flow.yaml"), """
            version: 1.0
            input:
              - marker
            vars:
              - done: null
            output:
              - done: <% ctx(done) %>
            tasks:
              prepare:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: check
              check:
                action: core.local
                input:
                  cmd: cat <% ctx(marker) %>
                next:
                  - when: <% succeeded() %>
                    publish:
                      - done: <% result().stdout %>
                    do: finish
              finish:
                action: core.noop
            """);
    }

    [Fact]
    public async Task Commands_BadInputOrNoServer_ExitNonZeroWithClearMessage()
    {
        await using var host = await StartAsync();

        var (badJson, _, badJsonError) = await RunAsync(host, "webhook", "post", "orders", "{nope");
        var (unknown, _, unknownError) = await RunAsync(host, "webhook", "post", "nothing", "{}");
        var (noServer, _, noServerError) = await SflowAsync("execution", "list", "--url", "http://127.0.0.1:9");
        var (notFound, _, notFoundError) = await RunAsync(host, "execution", "cancel", "missing");

        Assert.Equal(2, badJson);
        Assert.Contains("not valid JSON", badJsonError, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("404: Webhook nothing not registered", unknownError, StringComparison.Ordinal);
        Assert.Equal(1, noServer);
        Assert.Contains("Is `sflow serve` running?", noServerError, StringComparison.Ordinal);
        Assert.Equal(1, notFound);
        Assert.Contains("Execution missing was not found", notFoundError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Workflow_WaitsShowsTasksAndPrintsOutput()
    {
        await using var host = await StartAsync();

        var (code, json, progress) = await RunAsync(host, "run", "examples.greet", "name=Thanos", "--json");
        var (textCode, _, textProgress) = await RunAsync(host, "run", "examples.greet", "name=Ann");
        var (badCode, _, badError) = await RunAsync(host, "run", "examples.process_order", "order_id=A", "items=[\"a\"]", "extra=1");
        var (unknownCode, _, unknownError) = await RunAsync(host, "run", "nope.nothing");

        Assert.Equal(0, code);
        Assert.Equal("""{"output":{"greeting":"Hello, Thanos!","farewell":"Goodbye, Thanos."}}""", JsonText.Serialize(Field(JsonText.Parse(json), "result")));
        Assert.Equal(string.Empty, progress);
        Assert.Equal(0, textCode);
        Assert.Contains("goodbye", textProgress, StringComparison.Ordinal);
        Assert.Equal(2, badCode);
        Assert.Contains("400", badError, StringComparison.Ordinal);
        Assert.Contains("'extra' is not a parameter of examples.process_order", badError, StringComparison.Ordinal);
        Assert.Equal(2, unknownCode);
        Assert.Contains("Action 'nope.nothing' was not found on the server", unknownError, StringComparison.Ordinal);
        Assert.Contains("Action nope.nothing is not in any loaded pack.", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnServer_CastsValuesByTheServersDeclaredParameterTypes()
    {
        await using var host = await StartAsync();

        var (nameCode, nameJson, _) = await RunAsync(host, "run", "examples.greet", "name=123", "--json");
        var (countCode, countJson, _) = await RunAsync(host, "run", "core.local", "cmd=echo cast", "timeout=3", "--json");
        var (listCode, listJson, _) = await RunAsync(host, "run", "examples.process_order", "order_id=7", "items=a,b", "--json");
        var (badCode, _, badError) = await RunAsync(host, "run", "core.local", "cmd=echo cast", "timeout=soon");

        Assert.Equal(0, nameCode);
        Assert.Equal("123", Field(Field(JsonText.Parse(nameJson), "parameters"), "name"));
        Assert.Equal(0, countCode);
        Assert.Equal(3L, Field(Field(JsonText.Parse(countJson), "parameters"), "timeout"));
        Assert.Equal(0, listCode);
        Assert.Equal("""{"order_id":"7","items":["a","b"]}""", JsonText.Serialize(Field(JsonText.Parse(listJson), "parameters")));
        Assert.Equal(2, badCode);
        Assert.Contains("Parameter 'timeout': 'soon' is not an integer.", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NeitherUrlNorLocal_RunsOnTheServerNamedBySflowUrl()
    {
        await using var host = await StartAsync();
        var before = Environment.GetEnvironmentVariable(ServerlessFlow.Cli.Api.ApiCommands.UrlVariable);
        int code;
        string json;
        // No other test relies on the default address (they all pass --url), so setting the variable briefly is safe.
        Environment.SetEnvironmentVariable(ServerlessFlow.Cli.Api.ApiCommands.UrlVariable, host.Url);
        try
        {
            (code, json, _) = await SflowAsync("run", "examples.greet", "name=Eve", "--json");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServerlessFlow.Cli.Api.ApiCommands.UrlVariable, before);
        }

        using var client = new ServeClient(host.Url);
        var onServer = (List<object?>)(await client.GetAsync("/api/v1/executions?action=examples.greet"))!;
        Assert.Equal(0, code);
        Assert.Equal(Field(JsonText.Parse(json), "id"), Field(Assert.Single(onServer), "id"));
        Assert.Equal("""{"output":{"greeting":"Hello, Eve!","farewell":"Goodbye, Eve."}}""", JsonText.Serialize(Field(Assert.Single(onServer), "result")));
    }

    private static Task<(int Code, string Out, string Error)> RunAsync(ServeHost host, params string[] args) => SflowAsync([.. args, "--url", host.Url]);

    private static async Task<(int Code, string Out, string Error)> SflowAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SflowCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Path.Combine(RepositoryPaths.Root, "packs")],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
    });
}
