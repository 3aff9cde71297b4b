using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Runtime.Triggers;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Functions.Tests.Timers;

/// <summary>Two timer ticks racing for the same scheduled times, through the real dispatch use case
/// and the real trigger-instance stores (in memory and Table Storage on Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerRaceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimerTrigger[] Timers =
    [
        new(TimerTriggerTypes.Interval, new Dictionary<string, object?> { ["unit"] = "minutes", ["delta"] = 1L }),
        new(TimerTriggerTypes.Cron, new Dictionary<string, object?> { ["minute"] = "*/2" }),
    ];

    private static async Task<int> RaceTwoTicksAsync(ITriggerInstanceStore store, InMemoryTriggerBus bus)
    {
        var clock = new FakeTimeProvider(Tick);
        var settings = FunctionSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.TriggerQueue] = "trigger-instances",
            [AppSettingNames.TimerLookbackSeconds] = "150",
        }).Build());
        // Both timers were first seen (deployed) an hour before the tick, so the whole lookback is due.
        var starts = new InMemoryTimerStartStore();
        foreach (var timer in Timers)
        {
            await starts.FirstSeenAsync(timer.Key, Tick.AddHours(-1));
        }

        TimerSensor Sensor() => new(new FixedTimers(), new DispatcherTimerFireSink(new TriggerDispatcher(store, bus, clock)), TimerSensorWindow.Fixed(settings.TimerLookback, starts), clock, NullLogger<TimerSensor>.Instance);

        var ticks = await Task.WhenAll(
            Task.Run(() => Sensor().TickAsync(CancellationToken.None)),
            Task.Run(() => Sensor().TickAsync(CancellationToken.None)));
        return ticks.Sum(t => t.Count);
    }

    [Fact]
    public async Task TickAsync_TwoTicksRacingInMemory_StoreOneInstancePerFire()
    {
        var store = new InMemoryTriggerInstanceStore();
        var bus = new InMemoryTriggerBus();

        var dispatched = await RaceTwoTicksAsync(store, bus);

        var stored = await store.ListAsync(new TriggerInstanceQuery { Limit = 100 });
        Assert.Equal(10, dispatched);
        Assert.Equal(5, stored.Items.Count);
        Assert.Equal(5, stored.Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task TickAsync_TwoTicksRacingOnTableStorage_StoreOneInstancePerFire()
    {
        var stores = await TableStorageStores.CreateAsync(azurite.Azurite.ConnectionString, "race" + Guid.NewGuid().ToString("N")[..8]);
        var bus = new InMemoryTriggerBus();

        var dispatched = await RaceTwoTicksAsync(stores.TriggerInstances, bus);

        var stored = await stores.TriggerInstances.ListAsync(new TriggerInstanceQuery { Limit = 100 });
        Assert.Equal(10, dispatched);
        Assert.Equal(5, stored.Items.Count);
        var interval = stored.Items.Where(i => i.Trigger == TimerTriggerTypes.Interval).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(3, interval.Count);
        Assert.Equal("2026-11-24 11:58:00+00:00", interval[0].Payload["executed_at"]);
    }

    private sealed class FixedTimers : ITimerSource
    {
        public Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TimerTrigger>>(Timers);
    }
}
