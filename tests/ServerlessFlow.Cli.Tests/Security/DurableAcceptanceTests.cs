using System.Net;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Runtime.Actions;
using Xunit.Abstractions;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, findings 4 and 7: <c>sflow serve --storage azurite</c> killed with <c>kill -9</c> right after accepting
/// webhooks, while an action runs: the running action's process group dies with it, and after a restart every accepted
/// webhook is processed exactly once and the interrupted action ends <c>failed</c> saying so.</summary>
public sealed class DurableAcceptanceTests(AzuriteFixture azurite, ITestOutputHelper log) : IClassFixture<AzuriteFixture>
{
    /// <summary>Set to 1 to run the full probe (2,000 webhooks; many minutes on 2 cores, so not in CI).</summary>
    public const string ScaleVariable = "SFLOW_SCALE_TESTS";

    // Lean in CI: 60 webhooks (the mechanism is the same for each one); the 2,000 run on request (ScaleVariable).
    private const int Webhooks = 60;
    private const int ScaleWebhooks = 2000;

    private static readonly string[] Packs =
    [
        Path.Combine(RepositoryPaths.Root, "packs"),
        Path.Combine(RepositoryPaths.Root, "tests", "ServerlessFlow.Cli.Tests", "Security", "packs"),
    ];

    [Fact]
    public Task Serve_KilledAfterAcceptingWebhooksWhileActionRuns_ProcessesEachOnceAndFailsTheAction() => KillAndRestartAsync(Webhooks);

    [SkippableFact]
    public async Task Serve_KilledAfterAccepting2000Webhooks_ProcessesEachOnce()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(ScaleVariable) == "1", $"the issue's 2,000-webhook probe runs for many minutes on 2 cores; set {ScaleVariable}=1 to run it");
        await KillAndRestartAsync(ScaleWebhooks);
    }

    private async Task KillAndRestartAsync(int webhooks)
    {
        var work = Directory.CreateTempSubdirectory("sflow-durable-").FullName;
        var marker = "sflow-orphan-" + Guid.NewGuid().ToString("N");
        ServeProcess? first = null;
        ServeProcess? second = null;
        try
        {
            using (first = await ServeProcess.StartAsync(Packs, azurite.ConnectionString, work))
            {
                using var client = new ServeClient(first.Url, first.ApiKey);

                // An action that would run for ten minutes (sflow serve runs it inside the request, which the kill cuts).
                // Its own client without a timeout: a client giving up would cancel the action before the kill.
                using var patient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                using var request = new HttpRequestMessage(HttpMethod.Post, first.Url.TrimEnd('/') + "/api/v1/executions")
                {
                    Content = new StringContent($$$"""{"action":"core.local","parameters":{"cmd":"sleep 600; echo {{{marker}}}","timeout":900}}""", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("St2-Api-Key", first.ApiKey);
                var longRun = patient.SendAsync(request);
                await WaitAsync(() => ProcessesWith(marker).Count > 0, "the long action to start");

                var started = DateTime.UtcNow;
                // A few senders at once, as real clients would be; every one must be accepted before the kill.
                await Parallel.ForAsync(0, webhooks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                {
                    var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/local", $$"""{"msg":"event-{{i}}"}""");
                    Assert.Equal(HttpStatusCode.Accepted, status);
                });
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {webhooks} webhooks accepted in {(DateTime.UtcNow - started).TotalSeconds:F1} s");

                await first.KillServerOnlyAsync();
                await Assert.ThrowsAnyAsync<Exception>(() => longRun);
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed sflow serve");
            }

            // The watchdog ends the action's process group once the host is gone.
            await WaitAsync(() => ProcessesWith(marker).Count == 0, "the orphaned action's processes to end");

            using (second = await ServeProcess.StartAsync(Packs, azurite.ConnectionString, work))
            {
                using var again = new ServeClient(second.Url, second.ApiKey);
                var restarted = DateTime.UtcNow;
                var list = await WaitForAllAsync(
                    again,
                    "/api/v1/executions?rule=hostile.local_webhook",
                    l => l.Count >= webhooks && l.All(e => Field(e, "status") is "succeeded" or "failed"),
                    TimeSpan.FromMinutes(10 + (webhooks / 50)));
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all {list.Count} executions ended {(DateTime.UtcNow - restarted).TotalSeconds:F1} s after the restart");
                // Each accepted webhook ran its rule's action exactly once: it succeeded, or (when the kill cut it off while it
                // ran) it ended failed as interrupted and was not run again.
                Assert.Equal(webhooks, list.Count);
                var said = list.Where(e => Field(e, "status") is "succeeded").Select(e => ((string)Field(Field(e, "result"), "stdout")!).Trim()).ToList();
                Assert.Equal(said.Count, said.Distinct(StringComparer.Ordinal).Count());
                Assert.All(said, s => Assert.Matches("^event-[0-9]+$", s));
                log.WriteLine($"{said.Count} succeeded, {list.Count - said.Count} interrupted by the kill");
                Assert.All(list.Where(e => Field(e, "status") is not "succeeded"), e => Assert.Equal(ActionExecutionService.InterruptedError, Field(Field(e, "result"), "error")));

                var interrupted = await ListAllAsync(again, "/api/v1/executions?action=core.local");
                var cut = Assert.Single(interrupted, e => Field(e, "rule") is null && Field(Field(e, "context"), "rule") is null);
                Assert.Equal("failed", Field(cut, "status"));
                Assert.Equal(ActionExecutionService.InterruptedError, Field(Field(cut, "result"), "error"));
            }
        }
        finally
        {
            log.WriteLine("first sflow serve:\n" + first?.Output);
            log.WriteLine("second sflow serve:\n" + second?.Output);
            foreach (var pid in ProcessesWith(marker))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
            }

            Directory.Delete(work, recursive: true);
        }
    }

    // Every page of a list (1,000 at most per page), polled until done holds for the whole list.
    private static async Task<List<object?>> WaitForAllAsync(ServeClient client, string path, Func<List<object?>, bool> done, TimeSpan hangGuard)
    {
        using var guard = new CancellationTokenSource(hangGuard);
        while (true)
        {
            var all = await ListAllAsync(client, path);
            if (done(all))
            {
                return all;
            }

            await Task.Delay(500, guard.Token);
        }
    }

    private static async Task<List<object?>> ListAllAsync(ServeClient client, string path)
    {
        var all = new List<object?>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = (List<object?>)(await client.GetAsync($"{path}&limit=1000&offset={offset}"))!;
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    // Process ids whose command line holds the marker (Linux /proc).
    internal static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    // Hang guard only (load can be high): the condition is what the test waits for.
    internal static async Task WaitAsync(Func<bool> done, string what)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!done())
        {
            Assert.False(guard.IsCancellationRequested, "Waited too long for " + what);
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
