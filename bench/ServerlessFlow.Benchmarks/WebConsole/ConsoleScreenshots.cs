using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Benchmarks.WebConsole;

/// <summary>
/// Writes the README's console screenshots (<c>docs/console-*.png</c>) from a real run: an in-process <c>sflow serve</c> with
/// the repository's packs and the console test pack, a few webhooks and runs, and Debian's headless Chromium.
/// Run: <c>dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- console-screenshots</c>.
/// </summary>
internal static class ConsoleScreenshots
{
    public static async Task<int> RunAsync()
    {
        var root = RepositoryRoot();
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [Path.Combine(root, "packs"), Path.Combine(root, "tests", "ServerlessFlow.Console.Tests", "TestPacks")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var http = new HttpClient { BaseAddress = new Uri(host.Url.TrimEnd('/') + "/") };
        async Task Webhook(string url, object body, string tag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/webhooks/{url}") { Content = JsonContent.Create(body) };
            request.Headers.Add("St2-Trace-Tag", tag);
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        async Task<string> Run(string action, object parameters) =>
            JsonDocument.Parse(await (await http.PostAsJsonAsync("api/v1/executions", new { action, parameters })).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        async Task<string> Settled(string id)
        {
            for (var i = 0; i < 600; i++)
            {
                var status = JsonDocument.Parse(await http.GetStringAsync($"api/v1/executions/{id}")).RootElement.GetProperty("status").GetString();
                if (status is "succeeded" or "failed" or "canceled" or "paused" or "pending")
                {
                    return id;
                }

                await Task.Delay(200);
            }

            throw new TimeoutException(id);
        }

        await Webhook("orders", new { order_id = "A1", items = new[] { "x", "y", "z" }, customer = "ann" }, "order-A1");
        await Webhook("greet", new { name = "Thanos" }, "greet-1");
        await Webhook("greet", new { name = "R2-D2" }, "greet-2");
        var partial = await Settled(await Run("console.partial", new { }));
        await Settled(await Run("core.local", new { cmd = "uname -sr" }));
        await Run("console.approval", new { });
        await Run("console.slow", new { });
        await Webhook("orders", new { order_id = "B7", items = new[] { "kettle", "mug" }, customer = "bo" }, "order-B7");
        await Task.Delay(4000);
        var order = JsonDocument.Parse(await http.GetStringAsync("api/v1/executions?action=examples.process_order&trace_tag=order-A1&limit=1")).RootElement[0].GetProperty("id").GetString()!;
        await Settled(order);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 640 } });
        var docs = Path.Combine(root, "docs");
        await page.GotoAsync(host.Url.TrimEnd('/') + "/");
        await page.Locator("[data-stream=open], [data-stream=unavailable]").WaitForAsync();
        await page.Locator(".grid-row").Nth(5).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, "console-executions.png") });

        await page.SetViewportSizeAsync(1360, 980);
        await page.GotoAsync($"{host.Url.TrimEnd('/')}/#/executions/{order}");
        await page.Locator(".node[data-task=check_items]").ClickAsync();
        await page.GetByTestId("task-panel").Locator(".task-run").Nth(2).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, "console-workflow-graph.png") });

        await page.GotoAsync($"{host.Url.TrimEnd('/')}/#/executions/{partial}");
        await page.Locator(".node[data-task=break_it][data-status=failed]").WaitForAsync();
        await page.GetByTestId("workflow-graph").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(docs, "console-workflow-failed.png") });
        Console.WriteLine($"wrote docs/console-executions.png, docs/console-workflow-graph.png, docs/console-workflow-failed.png");
        return 0;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run console-screenshots from inside the repository.");
    }
}
