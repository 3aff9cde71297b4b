using System.Globalization;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using Xunit.Abstractions;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Timers;

/// <summary>The timer sensor of a fresh deployment scaled to two instances: two hosts on one new storage account, both
/// ticking every 2 s over a 5-second interval timer with the template's 300 s catch-up window.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class TimerHostTests(FunctionsHostFixture fixture, ITestOutputHelper output)
{
    private const int PeriodSeconds = 5;
    private const string Rule = "hosttimers.every_five_seconds";

    // The two hosts get different host ids, so the Functions host's own singleton lock on the timer trigger (per host id)
    // does not serialise them: both tick, and only the app's fire ids and insert-if-absent keep one fire per time.
    [SkippableFact]
    public async Task TimerSensor_FreshDeploymentOnTwoHosts_FiresOncePerScheduledTimeAndNeverBeforeFirstStart()
    {
        fixture.SkipIfUnavailable();
        await using var azurite = await AzuriteProcess.StartAsync(HostPaths.RepositoryRoot);
        using var packs = TestPackFolder.FromPacks(Path.Combine(HostPaths.RepositoryPacks, "core"), Path.Combine(HostPaths.TestPacks("timers"), "hosttimers"));
        var state = Directory.CreateTempSubdirectory("sflow-timer-hosts-").FullName;
        FunctionsHostProcess? first = null;
        FunctionsHostProcess? second = null;
        try
        {
            var options = new FunctionsHostOptions
            {
                StorageConnectionString = azurite.ConnectionString,
                PacksFolder = packs.Path,
                StateFolder = state,
                TaskHub = "sflowtimers",
                TimerSchedule = "*/2 * * * * *",
            };
            var deployedAt = DateTimeOffset.UtcNow;
            var starting = new[]
            {
                FunctionsHostProcess.StartAsync(options with { HostId = "sflow-timers-a" }, "timers-a"),
                FunctionsHostProcess.StartAsync(options with { HostId = "sflow-timers-b" }, "timers-b"),
            };
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                first = starting[0].IsCompletedSuccessfully ? starting[0].Result : null;
                second = starting[1].IsCompletedSuccessfully ? starting[1].Result : null;
            }

            using var api = new HostApiClient(first!.BaseUrl, options.ApiKey);
            var bothUp = first.ReadyAt > second!.ReadyAt ? first.ReadyAt : second.ReadyAt;
            string Logs() => first.LogTail(60) + "\n" + second.LogTail(60);

            // Run until both hosts have ticked a few times and four fires have happened after both were up.
            const string Ticked = "Executed 'Functions.TimerSensor' (Succeeded";
            await Eventually.WaitAsync(
                async () => (Fires: (await FiresAsync(api)).Count(f => f.Scheduled > bothUp), A: first.CountLogLines(Ticked), B: second.CountLogLines(Ticked)),
                seen => seen.Fires >= 4 && seen.A >= 3 && seen.B >= 3,
                TimeSpan.FromMinutes(3), "fires after both hosts are up, and ticks on both", Logs);

            var fires = await FiresAsync(api);
            output.WriteLine($"deployed {deployedAt:HH:mm:ss.fff}; both up {bothUp:HH:mm:ss.fff}; fires {string.Join(", ", fires.Select(f => f.Scheduled.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}");
            Assert.All(fires, f => Assert.True(f.Scheduled > deployedAt, $"fire for {f.Scheduled:HH:mm:ss.fff}, before the deployment started at {deployedAt:HH:mm:ss.fff}"));
            var times = fires.Select(f => f.Scheduled).Order().ToList();
            Assert.Equal(times.Count, times.Distinct().Count());
            Assert.Equal(times.Count - 1, (int)((times[^1] - times[0]).TotalSeconds / PeriodSeconds)); // none missing in between

            // One enforcement per fire and one ended execution per enforcement (the last fires may still be in flight: wait).
            var (enforcements, executions) = await Eventually.WaitAsync(
                async () =>
                {
                    var ours = (await api.ListAllAsync("/api/v1/ruleenforcements?rule=" + Rule)).Where(e => fires.Any(f => f.Id == (string?)Field(e, "trigger_instance_id"))).ToList();
                    var ids = ours.Select(e => (string?)Field(e, "execution_id")).ToHashSet(StringComparer.Ordinal);
                    var ran = (await api.ListAllAsync("/api/v1/executions?action=core.noop")).Where(e => ids.Contains((string?)Field(e, "id"))).ToList();
                    return (ours, ran);
                },
                seen => seen.ours.Count >= fires.Count && seen.ran.Count >= seen.ours.Count && seen.ran.All(e => Field(e, "status") is "succeeded" or "failed"),
                TimeSpan.FromMinutes(2), "an enforcement and an ended execution for every fire", Logs);
            Assert.Equal(fires.Count, enforcements.Count);
            Assert.Equal(fires.Count, enforcements.Select(e => Field(e, "trigger_instance_id")).Distinct().Count());
            Assert.Equal(fires.Count, executions.Count);
            Assert.All(executions, e => Assert.Equal("succeeded", Field(e, "status")));
            Assert.All(executions, e => Assert.Equal(Rule, Field(e, "context", "rule")));
        }
        finally
        {
            if (first is not null)
            {
                await first.DisposeAsync();
            }

            if (second is not null)
            {
                await second.DisposeAsync();
            }

            HostPaths.DeleteState(state);
        }
    }

    private static async Task<List<(string Id, DateTimeOffset Scheduled)>> FiresAsync(HostApiClient api) =>
        (await api.ListAllAsync("/api/v1/triggerinstances?trigger=core.st2.IntervalTimer"))
            .Select(i => ((string)Field(i, "id")!, DateTimeOffset.Parse((string)Field(i, "payload", "executed_at")!, CultureInfo.InvariantCulture)))
            .ToList();
}
