using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ServerlessFlow.Console.Tests;

/// <summary>axe-core (Deque's engine, WCAG 2 A and AA rules: contrast, names, labels, roles, landmarks) on the console's main
/// pages in Chromium, plus the keyboard path through the executions list.</summary>
public sealed class ConsoleAccessibilityTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    public ConsoleAccessibilityTests(BrowserFixture browser)
    {
        this.browser = browser;
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"{what}:\n{string.Join("\n", violations)}");
    }

    [SkippableFact]
    public async Task MainPages_Axe_FindNoWcagAaViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        await server.PostWebhookAsync("orders", new { order_id = "X9", items = new[] { "a", "b" }, customer = "cy" }, "console-axe");
        var id = await server.WaitForExecutionAsync("examples.process_order", "console-axe", "succeeded");
        // axe-core is injected as a script: the page's own CSP would refuse it, so this context bypasses CSP.
        var page = await browser.NewPageAsync(bypassCsp: true);

        await page.GotoAsync(server.Url + "/");
        await page.Locator(".grid-row").First.WaitForAsync();
        await AssertNoViolationsAsync(page, "executions list");

        await page.GotoAsync($"{server.Url}/#/executions/{id}");
        await page.Locator(".node[data-task=summarise][data-status=succeeded]").WaitForAsync();
        await page.Locator(".node[data-task=check_items]").ClickAsync();
        await page.GetByTestId("task-panel").WaitForAsync();
        await AssertNoViolationsAsync(page, "execution page with the graph and a task's details");

        await page.GotoAsync($"{server.Url}/#/actions/console.form_demo");
        await page.Locator("#param-target").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run console.form_demo" }).ClickAsync();
        await page.Locator("#param-target-error").WaitForAsync();
        await AssertNoViolationsAsync(page, "run form with an error shown");

        await page.GotoAsync($"{server.Url}/#/executions/no-such-execution");
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        await AssertNoViolationsAsync(page, "not-found message");
    }

    [SkippableFact]
    public async Task ExecutionList_Keyboard_ArrowKeysMoveFromRowToRowAndEnterOpensTheExecution()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var server = browser.Server;
        var first = await server.RunAsync("core.noop");
        var second = await server.RunAsync("core.noop");
        await server.WaitForStatusAsync(second, "succeeded");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/#/executions?action=core.noop");
        await page.Locator($".grid-row[data-execution-id='{first}']").WaitForAsync();

        await page.Locator($".grid-row[data-execution-id='{second}'] a").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(first, await page.EvaluateAsync<string>("() => document.activeElement.closest('.grid-row').dataset.executionId"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".execution-page")).ToHaveAttributeAsync("data-execution-id", first);
    }
}
