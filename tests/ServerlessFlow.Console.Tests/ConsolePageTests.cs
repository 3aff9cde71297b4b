using Microsoft.Playwright;

namespace ServerlessFlow.Console.Tests;

/// <summary>The console served by <c>sflow serve</c>, in a real headless Chromium: what a user sees and does.</summary>
public sealed class ConsolePageTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    public ConsolePageTests(BrowserFixture browser)
    {
        this.browser = browser;
        // Hang guards only (the machine is often loaded): every expectation waits for a state, never for a time.
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    [SkippableFact]
    public async Task ExecutionList_WebhookPosted_ExecutionAppearsAndTurnsSucceededWithoutReload()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/");
        await Assertions.Expect(page.Locator("[data-stream=open]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.sflowLoadedOnce = true; }");

        // The rule console.approval_webhook starts a workflow that waits for an answer: the row appears while it waits.
        await server.PostWebhookAsync("console-approval", new { order_id = "A7" }, "console-live");
        var row = page.Locator(".grid-row", new() { HasText = "console-live" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("console.approval");
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-status", "succeeded");

        var inquiry = await server.WaitForPendingInquiryAsync(await server.WaitForTracedExecutionAsync("console-live"));
        await server.RespondAsync(inquiry, new { approved = true });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("succeeded");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sflowLoadedOnce === true"), "the page was reloaded");
    }

    [SkippableFact]
    public async Task ExecutionPage_ProcessOrderWorkflow_DrawsEveryTaskColouredByItsStatus()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        await server.PostWebhookAsync("orders", new { order_id = "A1", items = new[] { "x", "y", "z" }, customer = "ann" }, "console-graph");
        var id = await server.WaitForExecutionAsync("examples.process_order", "console-graph", "succeeded");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions/{id}");

        var graph = page.GetByTestId("workflow-graph");
        foreach (var task in new[] { "start", "check_items", "note_order", "summarise" })
        {
            var node = graph.Locator($".node[data-task={task}]");
            await Assertions.Expect(node).ToHaveAttributeAsync("data-status", "succeeded");
            await Assertions.Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bnode-ok\\b"));
        }

        Assert.Equal(4, await graph.Locator(".node").CountAsync());
        Assert.Equal("rgb(218, 251, 225)", await graph.Locator(".node[data-task=summarise] .node-box").EvaluateAsync<string>("e => getComputedStyle(e).fill"));
        await Assertions.Expect(graph.Locator(".node[data-task=summarise]")).ToContainTextAsync("join all");
        await Assertions.Expect(graph.Locator(".node[data-task=check_items]")).ToContainTextAsync("with items ×3");
        var labels = await graph.Locator(".edge-label").AllTextContentsAsync();
        Assert.Equal(4, labels.Count);
        Assert.All(labels, label => Assert.Contains("succeeded()", label, StringComparison.Ordinal));

        // Keyboard: Tab reaches a task, Enter opens its details with each item's input and result.
        await graph.Locator(".node[data-task=check_items]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var panel = page.GetByTestId("task-panel");
        await Assertions.Expect(panel.Locator(".task-run")).ToHaveCountAsync(3);
        await Assertions.Expect(panel).ToContainTextAsync("checking y");
        await Assertions.Expect(page.Locator(".timeline-row")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#output-title + pre")).ToContainTextAsync("order A1 from ann");
    }

    [SkippableFact]
    public async Task ExecutionPage_FailedWorkflow_ColoursFailedSucceededAndNotRunTasksApart()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var id = await server.RunAsync("console.partial");
        await server.WaitForStatusAsync(id, "failed");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions/{id}");

        var graph = page.GetByTestId("workflow-graph");
        await Assertions.Expect(graph.Locator(".node[data-task=break_it]")).ToHaveAttributeAsync("data-status", "failed");
        await Assertions.Expect(graph.Locator(".node[data-task=break_it]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bnode-bad\\b"));
        Assert.Equal("rgb(255, 235, 233)", await graph.Locator(".node[data-task=break_it] .node-box").EvaluateAsync<string>("e => getComputedStyle(e).fill"));
        await Assertions.Expect(graph.Locator(".node[data-task=prepare]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator(".node[data-task=clean_up]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator(".node[data-task=ship]")).ToHaveAttributeAsync("data-status", "not-run");
        await Assertions.Expect(graph.Locator(".node[data-task=fail]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bnode-command\\b"));
        await Assertions.Expect(page.Locator(".edge[data-from=break_it][data-to=clean_up] .edge-label")).ToHaveTextAsync("failed()");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Re-run from task break_it" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task ExecutionPage_ActionChain_DrawsNodesAndOnSuccessOnFailureEdgesColouredByStatus()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        // As in StackStorm, a chain whose failed node's on-failure node succeeds ends succeeded.
        var id = await server.RunAsync("console.chain");
        await server.WaitForStatusAsync(id, "succeeded");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions/{id}");

        var graph = page.GetByTestId("workflow-graph");
        await Assertions.Expect(graph.Locator(".node[data-task=greet]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator(".node[data-task=break_it]")).ToHaveAttributeAsync("data-status", "failed");
        await Assertions.Expect(graph.Locator(".node[data-task=tidy_up]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(graph.Locator(".node[data-task=celebrate]")).ToHaveAttributeAsync("data-status", "not-run");
        Assert.Equal(4, await graph.Locator(".node").CountAsync());
        await Assertions.Expect(page.Locator(".edge[data-from=break_it][data-to=tidy_up] .edge-label")).ToHaveTextAsync("on-failure");
        await Assertions.Expect(page.Locator(".edge[data-from=break_it][data-to=celebrate] .edge-label")).ToHaveTextAsync("on-success");

        await graph.Locator(".node[data-task=break_it]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-panel")).ToContainTextAsync("core.local");
    }

    [SkippableFact]
    public async Task ExecutionPage_RunningWorkflow_CancelButtonCancelsIt()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var id = await server.RunAsync("console.slow");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions/{id}");
        var section = page.Locator(".execution-page");
        await Assertions.Expect(section).ToHaveAttributeAsync("data-status", "running");
        await Assertions.Expect(page.Locator(".node[data-task=begin]")).ToHaveAttributeAsync("data-status", "succeeded");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Assertions.Expect(section).ToHaveAttributeAsync("data-status", "canceled");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal("canceled", (await server.GetJsonAsync($"executions/{id}")).GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task InquiryPage_ResponseForm_AnswersTheInquiryAndTheWorkflowCarriesOn()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var id = await server.RunAsync("console.approval");
        var inquiry = await server.WaitForPendingInquiryAsync(id);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/inquiries");
        await page.Locator($"a[href='#/inquiries/{inquiry}']").ClickAsync();

        var approved = page.GetByLabel("approved");
        await Assertions.Expect(approved).ToHaveAttributeAsync("type", "checkbox");
        await approved.CheckAsync();
        await page.GetByLabel("comment").FillAsync("ship it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send response" }).ClickAsync();
        await Assertions.Expect(page.Locator(".success")).ToContainTextAsync("Response sent");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the workflow" }).ClickAsync();
        await Assertions.Expect(page.Locator(".execution-page")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.Locator("#output-title + pre")).ToContainTextAsync("ship it");
        Assert.Equal("succeeded", (await server.GetJsonAsync($"executions/{id}")).GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task ActionPage_GeneratedRunForm_RunsTheActionWithWhatWasEntered()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/actions/console.form_demo");

        await Assertions.Expect(page.Locator("#param-token")).ToHaveAttributeAsync("type", "password");
        await Assertions.Expect(page.Locator("#param-count")).ToHaveAttributeAsync("type", "number");
        await Assertions.Expect(page.Locator("#param-dry_run")).ToHaveAttributeAsync("type", "checkbox");
        await Assertions.Expect(page.Locator("select#param-mode")).ToHaveValueAsync("careful");
        await Assertions.Expect(page.Locator("textarea#param-tags")).ToBeVisibleAsync();

        // A required field left empty is named, and nothing runs.
        await page.GetByRole(AriaRole.Button, new() { Name = "Run console.form_demo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#param-target-error")).ToHaveTextAsync("target is required.");
        await Assertions.Expect(page.Locator("#param-target")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("#param-target").FillAsync("db-1");
        await page.Locator("select#param-mode").SelectOptionAsync("fast");
        await page.Locator("#param-count").FillAsync("3");
        await page.Locator("#param-dry_run").CheckAsync();
        await page.Locator("#param-tags").FillAsync("[\"a\", \"b\"]");
        await page.Locator("#param-token").FillAsync("s3cret-value");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run console.form_demo" }).ClickAsync();

        await Assertions.Expect(page.Locator(".execution-page")).ToHaveAttributeAsync("data-status", "succeeded");
        var id = await page.Locator(".execution-page").GetAttributeAsync("data-execution-id");
        var parameters = (await server.GetJsonAsync($"executions/{id}")).GetProperty("parameters");
        Assert.Equal("db-1", parameters.GetProperty("target").GetString());
        Assert.Equal("fast", parameters.GetProperty("mode").GetString());
        Assert.Equal(3, parameters.GetProperty("count").GetInt32());
        Assert.True(parameters.GetProperty("dry_run").GetBoolean());
        Assert.Equal(["a", "b"], parameters.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.NotEqual("s3cret-value", parameters.GetProperty("token").GetString());
        await Assertions.Expect(page.Locator("#input-title + pre")).Not.ToContainTextAsync("s3cret-value");
    }

    [SkippableFact]
    public async Task RulePage_WhyDidntItFire_ShowsEachCriterionWithValuePatternAndVerdict()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        // examples.greet_webhook wants a name of letters and spaces: this one has digits and a dash, so it does not fire.
        await server.PostWebhookAsync("greet", new { name = "R2-D2" }, "console-tester");
        var instance = await server.WaitForTriggerInstanceAsync("console-tester");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/rules/examples.greet_webhook");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Why didn't it fire?" })).ToBeVisibleAsync();
        await page.GetByLabel("Trigger instance of core.st2.webhook").SelectOptionAsync(instance);
        await page.GetByRole(AriaRole.Button, new() { Name = "Test the rule" }).ClickAsync();

        var report = page.GetByTestId("rule-report");
        await Assertions.Expect(report).ToHaveAttributeAsync("data-matched", "false");
        await Assertions.Expect(report).ToContainTextAsync("would not fire");
        var criterion = report.Locator("tr[data-criterion='trigger.body.name']");
        await Assertions.Expect(criterion).ToHaveAttributeAsync("data-passed", "false");
        await Assertions.Expect(criterion).ToContainTextAsync("\"R2-D2\"");
        await Assertions.Expect(criterion).ToContainTextAsync("^[A-Za-z ]+$");
        await Assertions.Expect(criterion).ToContainTextAsync("regex");
    }

    [SkippableFact]
    public async Task ExecutionPage_UnknownId_SaysTheExecutionWasNotFound()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions/no-such-execution");
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Not found");
        await Assertions.Expect(alert).ToContainTextAsync("Execution no-such-execution was not found.");
    }

    [SkippableFact]
    public async Task Console_ServerStops_SaysTheServerIsNotReachable()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = await ConsoleServer.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/");
        await Assertions.Expect(page.Locator("[data-stream=open]")).ToBeVisibleAsync();
        var url = server.Url;
        await server.DisposeAsync();

        await Assertions.Expect(page.Locator("[data-stream=retrying]")).ToHaveTextAsync("Server unreachable — retrying");
        await page.GotoAsync($"{url}/#/rules");
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("The server is not reachable");
        await Assertions.Expect(alert).ToContainTextAsync("Is sflow serve running?");
    }

    [SkippableFact]
    public async Task Console_WrongApiKey_SaysTheKeyWasRefusedThenTheRightKeyOpensIt()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        const string key = "console-test-key-0123456789";
        await using var server = await ConsoleServer.StartAsync(apiKey: key);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#key=not-the-key");

        var alert = page.GetByRole(AriaRole.Alert).First;
        await Assertions.Expect(alert).ToContainTextAsync("The API key was refused");
        Assert.DoesNotContain("not-the-key", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-stream=refused]")).ToHaveTextAsync("API key refused");

        await page.GetByLabel("API key").First.FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-stream=open]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("execution-list")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task Console_NoApiKey_SaysAKeyIsNeeded()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await using var server = await ConsoleServer.StartAsync(apiKey: "console-test-key-0123456789");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("An API key is needed");
        await Assertions.Expect(page.GetByLabel("API key").First).ToHaveAttributeAsync("type", "password");
    }
}
