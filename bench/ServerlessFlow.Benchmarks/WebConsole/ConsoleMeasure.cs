using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Benchmarks.WebConsole;

/// <summary>
/// Measures the web console in Debian's headless Chromium against an in-process <c>sflow serve</c> (memory storage) holding
/// <c>--executions</c> executions (default 100,000) and a 1,005-task Orquesta workflow with a run in progress:
/// <list type="number">
/// <item>first paint and first rows of the executions list on loopback (fresh browser context each sample);</item>
/// <item>paging the list to the last of the 100,000 rows: the time each page takes to arrive and render, early and late,
/// frame intervals while scrolling at the top and at the bottom, and the page's JS heap;</item>
/// <item>the 1,005-task workflow graph: dagre layout time, time to a drawn graph, then zoom, pan and select steps (event to
/// the second animation frame after it, i.e. painted) and, with the event stream, a task's status change to its node's colour.</item>
/// </list>
/// Run: <c>dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- console-measure [--executions 100000]</c>.
/// Wall-clock figures on a shared machine: quote them with the load average printed.
/// </summary>
internal static class ConsoleMeasure
{
    private const int Branches = 10;
    private const int Segments = 4;
    private const int ChainLength = 25;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--executions").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100_000);
        var packs = WriteBigWorkflowPack();
        try
        {
            await using var host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [Path.Combine(RepositoryRoot(), "packs"), packs],
                Url = "http://127.0.0.1:0",
                Storage = ServeStorageKind.Memory,
                RunTimerLoop = false,
            });
            var url = host.Url.TrimEnd('/');
            Console.WriteLine($"console-measure: sflow serve in process (memory), {count:N0} executions, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            var seeding = Stopwatch.StartNew();
            await SeedExecutionsAsync(host.Stores.Executions, count);
            var bigId = await SeedBigWorkflowRunAsync(host.Stores.Executions);
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });

            await FirstPaintAsync(browser, url);
            await PagingAsync(browser, url, count);
            await GraphAsync(browser, url, bigId, host.Stores.Executions);
            return 0;
        }
        finally
        {
            Directory.Delete(packs, recursive: true);
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 950 } });
        context.SetDefaultTimeout(300_000);
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("""
            new MutationObserver(() => {
              if (!window.sflowFirstRow && document.querySelector('.grid-row')) { window.sflowFirstRow = performance.now(); }
            }).observe(document, { subtree: true, childList: true });
            """);
        return page;
    }

    private static async Task FirstPaintAsync(IBrowser browser, string url)
    {
        var paints = new List<double>();
        var rows = new List<double>();
        for (var sample = 0; sample < 6; sample++)
        {
            var page = await NewPageAsync(browser);
            await page.GotoAsync(url + "/");
            await page.Locator(".grid-row").First.WaitForAsync();
            if (sample > 0)
            {
                // The first sample warms the server (JIT); the rest are what a user sees.
                paints.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"));
                rows.Add(await page.EvaluateAsync<double>("() => window.sflowFirstRow ?? -1"));
            }

            await page.Context.CloseAsync();
        }

        Console.WriteLine($"first contentful paint: median {Median(paints):F0} ms (samples {string.Join(", ", paints.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"first rows of executions drawn: median {Median(rows):F0} ms after navigation start (samples {string.Join(", ", rows.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))})");
    }

    private static async Task PagingAsync(IBrowser browser, string url, int count)
    {
        var page = await NewPageAsync(browser);
        await page.GotoAsync(url + "/");
        var list = page.GetByTestId("execution-list");
        await page.Locator(".grid-row").First.WaitForAsync();
        var topFrames = await ScrollFramesAsync(page, 120);

        var pageTimes = new List<(int LoadedBefore, double Ms)>();
        var total = Stopwatch.StartNew();
        while (await list.GetAttributeAsync("data-complete") != "true")
        {
            var before = int.Parse((await list.GetAttributeAsync("data-loaded"))!, CultureInfo.InvariantCulture);
            var watch = Stopwatch.StartNew();
            await page.EvaluateAsync("() => { const e = document.querySelector('.grid-scroll'); e.scrollTop = e.scrollHeight; }");
            await page.WaitForFunctionAsync(
                "n => { const e = document.querySelector('[data-testid=execution-list]'); return Number(e.dataset.loaded) > n || e.dataset.complete === 'true'; }",
                before,
                new PageWaitForFunctionOptions { PollingInterval = 5 });
            pageTimes.Add((before, watch.Elapsed.TotalMilliseconds));
        }

        var loaded = int.Parse((await list.GetAttributeAsync("data-loaded"))!, CultureInfo.InvariantCulture);
        var bottomFrames = await ScrollFramesAsync(page, 120, up: true);
        var heap = await page.EvaluateAsync<double>("() => (performance.memory?.usedJSHeapSize ?? 0) / 1048576");
        var early = pageTimes.Where(p => p.LoadedBefore < 10_000).Select(p => p.Ms).ToList();
        var late = pageTimes.Where(p => p.LoadedBefore >= count - 10_000).Select(p => p.Ms).ToList();
        Console.WriteLine($"paged to {loaded:N0} rows in {pageTimes.Count} pages, {total.Elapsed.TotalSeconds:F1} s in all; JS heap {heap:F0} MB");
        Console.WriteLine($"  page (500 rows) arrives and renders: first 10,000 rows median {Median(early):F0} ms, last 10,000 rows median {Median(late):F0} ms");
        Console.WriteLine($"  scrolling frames at the top: median {Median(topFrames):F1} ms, p95 {Percentile(topFrames, 0.95):F1} ms; at row {loaded:N0}: median {Median(bottomFrames):F1} ms, p95 {Percentile(bottomFrames, 0.95):F1} ms");
        await page.Context.CloseAsync();
    }

    private static async Task<List<double>> ScrollFramesAsync(IPage page, int steps, bool up = false) =>
        [.. await page.EvaluateAsync<double[]>(
            """
            async ([steps, up]) => {
              const e = document.querySelector('.grid-scroll');
              const frame = () => new Promise(r => requestAnimationFrame(r));
              await frame();
              const times = [];
              let last = performance.now();
              for (let i = 0; i < steps; i++) {
                e.scrollTop += up ? -420 : 420;
                await frame();
                const now = performance.now();
                times.push(now - last);
                last = now;
              }
              return times;
            }
            """,
            new object[] { steps, up })];

    private static async Task GraphAsync(IBrowser browser, string url, string workflowId, IExecutionStore executions)
    {
        var page = await NewPageAsync(browser);
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"{url}/#/executions/{workflowId}");
        var tasks = Branches * Segments * ChainLength + Segments + 1;
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('.node').length === {tasks}", null, new PageWaitForFunctionOptions { PollingInterval = 5 });
        var drawn = watch.Elapsed.TotalMilliseconds;
        var layout = await page.EvaluateAsync<double>("() => performance.getEntriesByName('sflow-graph-layout').at(-1)?.duration ?? -1");
        var edges = await page.Locator(".edge").CountAsync();

        const string Step = """
            async (key) => {
              const frame = () => new Promise(r => requestAnimationFrame(r));
              const target = document.querySelector('.graph-frame');
              const t0 = performance.now();
              target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
              await frame(); await frame();
              return performance.now() - t0;
            }
            """;
        var zoom = new List<double>();
        foreach (var key in Enumerable.Repeat(new[] { "+", "-" }, 10).SelectMany(k => k))
        {
            zoom.Add(await page.EvaluateAsync<double>(Step, key));
        }

        var pan = new List<double>();
        foreach (var key in Enumerable.Repeat(new[] { "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp" }, 5).SelectMany(k => k))
        {
            pan.Add(await page.EvaluateAsync<double>(Step, key));
        }

        var select = new List<double>();
        foreach (var task in new[] { "s0_b0_t1", "s1_b5_t12", "s3_b9_t24", "join_2", "s2_b3_t7" })
        {
            select.Add(await page.EvaluateAsync<double>(
                """
                async (task) => {
                  const frame = () => new Promise(r => requestAnimationFrame(r));
                  const t0 = performance.now();
                  document.querySelector(`.node[data-task="${task}"]`).dispatchEvent(new MouseEvent('click', { bubbles: true }));
                  await frame(); await frame();
                  if (!document.querySelector('[data-testid=task-panel]')) { throw new Error('no panel'); }
                  return performance.now() - t0;
                }
                """,
                task));
        }

        Console.WriteLine($"workflow graph of {tasks:N0} tasks and {edges:N0} transitions: dagre layout {layout:F0} ms, drawn {drawn:F0} ms after navigation");
        Console.WriteLine($"  zoom step median {Median(zoom):F1} ms (max {zoom.Max():F1}), pan step median {Median(pan):F1} ms (max {pan.Max():F1}), select a task median {Median(select):F1} ms (max {select.Max():F1})");

        if (await page.Locator("[data-stream=open]").CountAsync() == 1)
        {
            // s3_b0_t1 has not run yet (only the first 700 tasks have executions): its first execution starts, as the engine
            // would record it, and the not-run node must turn running.
            var live = Stopwatch.StartNew();
            await executions.CreateAsync(ExecutionState.Create(
                "bigtasklive000001", "core.noop", "noop", [], new ExecutionContextState { ParentExecutionId = workflowId, ParentTaskName = "s3_b0_t1" }, DateTimeOffset.UtcNow) with
            {
                Status = ExecutionStatus.Running,
            });
            await page.WaitForFunctionAsync("() => document.querySelector('.node[data-task=\"s3_b0_t1\"]').dataset.status === 'running'", null, new PageWaitForFunctionOptions { PollingInterval = 5 });
            Console.WriteLine($"  a task turning running, stored → its node coloured: {live.Elapsed.TotalMilliseconds:F0} ms (through the event stream)");
        }
        else
        {
            Console.WriteLine("  (no event stream on this server: live colouring not measured)");
        }

        await page.Context.CloseAsync();
    }

    private static async Task SeedExecutionsAsync(IExecutionStore executions, int count)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        string[] statuses = ["succeeded", "succeeded", "succeeded", "failed", "succeeded", "canceled", "succeeded"];
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMilliseconds(i * 500);
            var execution = ExecutionState.Create(
                $"seed{i:D8}",
                i % 3 == 0 ? "examples.process_order" : "core.echo",
                i % 3 == 0 ? "orquesta" : "local-shell-cmd",
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["message"] = $"seed {i}" },
                new ExecutionContextState { TraceTag = $"seed-{i / 100}", RuleRef = i % 2 == 0 ? "examples.order_webhook" : null, TriggerType = i % 2 == 0 ? "core.st2.webhook" : null },
                at);
            var status = ExecutionStatuses.Parse(statuses[i % statuses.Length]);
            await executions.CreateAsync(execution with { Status = status, EndTimestamp = at.AddMilliseconds(40 + (i % 900)) });
        }
    }

    private static async Task<string> SeedBigWorkflowRunAsync(IExecutionStore executions)
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-10);
        const string Id = "bigworkflow0000000000001";
        await executions.CreateAsync(ExecutionState.Create(Id, "bench.big", "orquesta", [], new ExecutionContextState { TraceTag = "big" }, started) with { Status = ExecutionStatus.Running });
        var n = 0;
        foreach (var task in TaskNames().Take(700))
        {
            var at = started.AddMilliseconds(n * 300);
            var status = n % 37 == 5 ? ExecutionStatus.Failed : n >= 640 ? ExecutionStatus.Running : ExecutionStatus.Succeeded;
            await executions.CreateAsync(ExecutionState.Create(
                $"bigtask{n:D16}", "core.noop", "noop", [], new ExecutionContextState { ParentExecutionId = Id, ParentTaskName = task }, at) with
            {
                Status = status,
                EndTimestamp = status == ExecutionStatus.Running ? null : at.AddMilliseconds(250),
            });
            n++;
        }

        return Id;
    }

    private static IEnumerable<string> TaskNames()
    {
        yield return "start";
        for (var s = 0; s < Segments; s++)
        {
            for (var t = 1; t <= ChainLength; t++)
            {
                for (var b = 0; b < Branches; b++)
                {
                    yield return $"s{s}_b{b}_t{t}";
                }
            }

            yield return $"join_{s}";
        }
    }

    /// <summary>A pack with one Orquesta workflow of 1,005 tasks: four segments of ten parallel chains of 25 tasks, each
    /// segment closed by a join that fans out to the next.</summary>
    private static string WriteBigWorkflowPack()
    {
        var root = Directory.CreateTempSubdirectory("sflow-console-measure-").FullName;
        var pack = Path.Combine(root, "bench");
        Directory.CreateDirectory(Path.Combine(pack, "actions", "workflows"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: bench\nname: bench\ndescription: a 1,005-task workflow for console-measure\nversion: 1.0.0\nauthor: bench\nemail: bench@example.com\n");
        File.WriteAllText(Path.Combine(pack, "actions", "big.yaml"), "name: big\nrunner_type: orquesta\nentry_point: workflows/big.yaml\nenabled: true\n");
        var yaml = new StringBuilder("version: 1.0\n\ntasks:\n");
        void Task(string name, IEnumerable<string> next, string? join = null)
        {
            yaml.Append("  ").Append(name).Append(":\n");
            if (join is not null)
            {
                yaml.Append("    join: ").Append(join).Append('\n');
            }

            yaml.Append("    action: core.noop\n");
            var targets = next.ToList();
            if (targets.Count > 0)
            {
                yaml.Append("    next:\n      - when: <% succeeded() %>\n        do:\n");
                foreach (var target in targets)
                {
                    yaml.Append("          - ").Append(target).Append('\n');
                }
            }
        }

        Task("start", Enumerable.Range(0, Branches).Select(b => $"s0_b{b}_t1"));
        for (var s = 0; s < Segments; s++)
        {
            for (var b = 0; b < Branches; b++)
            {
                for (var t = 1; t <= ChainLength; t++)
                {
                    Task($"s{s}_b{b}_t{t}", [t < ChainLength ? $"s{s}_b{b}_t{t + 1}" : $"join_{s}"]);
                }
            }

            Task($"join_{s}", s + 1 < Segments ? Enumerable.Range(0, Branches).Select(b => $"s{s + 1}_b{b}_t1") : [], join: "all");
        }

        File.WriteAllText(Path.Combine(pack, "actions", "workflows", "big.yaml"), yaml.ToString());
        return root;
    }

    private static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);

    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run console-measure from inside the repository.");
    }
}
