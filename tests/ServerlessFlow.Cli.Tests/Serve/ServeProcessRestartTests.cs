using Azure.Data.Tables;
using ServerlessFlow.Core.Values;
using Xunit.Abstractions;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> as a child process on a real Azurite: killed without warning, started again on the same storage.</summary>
public sealed class ServeProcessRestartTests(AzuriteFixture azurite, ITestOutputHelper log) : IClassFixture<AzuriteFixture>
{
    // The killed process stops while the workflow waits on its 6 s durable timer: the timer is in the orchestration
    // history and its message still invisible in the control queue, so nobody has read it. The second process has the same worker id (the machine
    // name), so it renews the partition leases the first one left at once rather than waiting for them to expire,
    // and finishes the workflow when the timer fires. A message the first process had read and not finished would
    // come back after the engine's 30 s control-queue visibility timeout; the guard allows for that and for load.
    [SkippableFact]
    public async Task Serve_KilledWhileWorkflowWaitsOnDurableTimer_CompletesAfterRestart()
    {
        string work = Directory.CreateTempSubdirectory("sflow-kill-").FullName;
        ServeProcess? first = null;
        ServeProcess? second = null;
        try
        {
            string id;
            using (first = await ServeProcess.StartAsync(RepositoryPaths.St2Packs, azurite.ConnectionString, work))
            {
                using var client = new ServeClient(first.Url, first.ApiKey);
                var (_, started) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"examples.orquesta-delay","parameters":{"name":"Ann","delay":6}}""");
                id = (string)Field(started, "id")!;
                await client.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "running");
                await WaitForDurableTimerAsync();
                await first.KillAsync();
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed the first process");
            }

            using (second = await ServeProcess.StartAsync(RepositoryPaths.St2Packs, azurite.ConnectionString, work))
            {
                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} the second process listens");
                using var again = new ServeClient(second.Url, second.ApiKey);
                var done = await again.WaitForAsync($"/api/v1/executions/{id}", body => Field(body, "status") is "succeeded" or "failed" or "canceled", TimeSpan.FromMinutes(5));

                log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} the workflow ended");
                Assert.Equal("succeeded", Field(done, "status"));
                Assert.Equal("""{"output":{"greeting":"Ann, All your base are belong to us!"}}""", JsonText.Serialize(Field(done, "result")));
            }
        }
        finally
        {
            // What each process logged (with timestamps), shown when the test fails.
            log.WriteLine("first sflow serve:\n" + first?.Output);
            log.WriteLine("second sflow serve:\n" + second?.Output);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Waits until the workflow's durable timer is in its orchestration history (serve's task hub is "sflow").</summary>
    private async Task WaitForDurableTimerAsync()
    {
        var history = new TableClient(azurite.ConnectionString, "sflowHistory");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            await foreach (var _ in history.QueryAsync<TableEntity>("EventType eq 'TimerCreated'", maxPerPage: 1, cancellationToken: guard.Token))
            {
                return;
            }

            await Task.Delay(50, guard.Token);
        }
    }
}
