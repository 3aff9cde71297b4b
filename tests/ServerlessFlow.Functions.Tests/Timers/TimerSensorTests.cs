using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Timers;
using ServerlessFlow.Runtime.Timers;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Functions.Tests.Timers;

public sealed class TimerSensorTests
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Tick);
    private readonly InsertIfAbsentSink sink = new();
    private readonly ListTimerSource source = new(
        new TimerTrigger(TimerTriggerTypes.Interval, new Dictionary<string, object?> { ["unit"] = "minutes", ["delta"] = 1L }),
        new TimerTrigger(TimerTriggerTypes.Cron, new Dictionary<string, object?> { ["minute"] = "*/2" }));

    /// <summary>Where the sensors keep first-seen times: by default both timers were deployed an hour before the tick.</summary>
    private readonly InMemoryTimerStartStore starts = new();

    public TimerSensorTests()
    {
        foreach (var timer in source.Timers)
        {
            starts.FirstSeenAsync(timer.Key, Tick.AddHours(-1)).GetAwaiter().GetResult();
        }
    }

    private TimerSensorFunction CreateFunction(ITimerFireSink? fireSink = null, ITimerStartStore? startStore = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.TriggerQueue] = "trigger-instances",
            [AppSettingNames.TimerLookbackSeconds] = "150",
        }).Build();
        var sensor = new TimerSensor(source, fireSink ?? sink, TimerSensorWindow.Fixed(FunctionSettings.Read(configuration).TimerLookback, startStore ?? starts), clock, NullLogger<TimerSensor>.Instance);
        return new TimerSensorFunction(sensor);
    }

    private static TimerInfo FakeTimerInfo(bool pastDue = false) => new() { IsPastDue = pastDue };

    [Fact]
    public async Task RunAsync_Tick_DispatchesEveryDueFireInLookback()
    {
        await CreateFunction().RunAsync(FakeTimerInfo(), CancellationToken.None);

        // Interval: 11:58, 11:59, 12:00 (lookback 150 s → after 11:57:30). Cron */2: 11:58, 12:00.
        Assert.Equal(5, sink.Instances.Count);
        Assert.Equal(5, sink.Calls);
    }

    [Fact]
    public async Task RunAsync_TwoTicksRacingForSameTime_EmitOneInstancePerFire()
    {
        var first = CreateFunction();
        var second = CreateFunction();

        await Task.WhenAll(
            Task.Run(() => first.RunAsync(FakeTimerInfo(), CancellationToken.None)),
            Task.Run(() => second.RunAsync(FakeTimerInfo(), CancellationToken.None)));

        Assert.Equal(10, sink.Calls);
        Assert.Equal(5, sink.Instances.Count);
    }

    [Fact]
    public async Task RunAsync_LateTick_EmitsMissedFiresOnceAcrossTicks()
    {
        var function = CreateFunction();
        await function.RunAsync(FakeTimerInfo(), CancellationToken.None);

        clock.SetUtcNow(Tick.AddSeconds(100));
        await function.RunAsync(FakeTimerInfo(pastDue: true), CancellationToken.None);

        // The second tick covers (11:59:10, 12:01:40]: 12:00 again (already there) and 12:01 (new).
        Assert.Equal(6, sink.Instances.Count);
        Assert.Contains(sink.Instances.Values, f => f.ScheduledTime == Tick.AddMinutes(1));
    }

    [Fact]
    public async Task RunAsync_OneFireFails_OthersDispatchedAndTickFails()
    {
        var failing = new FailingOnceSink(sink);

        await Assert.ThrowsAsync<AggregateException>(() => CreateFunction(failing).RunAsync(FakeTimerInfo(), CancellationToken.None));

        Assert.Equal(4, sink.Instances.Count);
    }

    [Fact]
    public async Task RunAsync_FirstTickOfFreshDeployment_FiresNothingBeforeIt()
    {
        var fresh = new InMemoryTimerStartStore();
        var function = CreateFunction(startStore: fresh);

        await function.RunAsync(FakeTimerInfo(), CancellationToken.None);
        Assert.Empty(sink.Instances);

        clock.SetUtcNow(Tick.AddSeconds(130));
        await function.RunAsync(FakeTimerInfo(), CancellationToken.None);

        // (12:00:00, 12:02:10]: interval 12:01 and 12:02, cron 12:02; nothing from the lookback before 12:00.
        Assert.Equal([Tick.AddMinutes(1), Tick.AddMinutes(2), Tick.AddMinutes(2)], sink.Instances.Values.Select(f => f.ScheduledTime).Order());
    }

    [Fact]
    public async Task RunAsync_SecondInstanceStartedLater_CatchesUpFromTheFirstInstancesStart()
    {
        var shared = new InMemoryTimerStartStore();
        await CreateFunction(startStore: shared).RunAsync(FakeTimerInfo(), CancellationToken.None);

        // Another instance on the same storage, starting 70 s later: its window is cut at the time the first one saw the
        // timers (12:00:00), not at its own start, and not 150 s back.
        clock.SetUtcNow(Tick.AddSeconds(70));
        await CreateFunction(startStore: shared).RunAsync(FakeTimerInfo(), CancellationToken.None);

        Assert.Equal([Tick.AddMinutes(1)], sink.Instances.Values.Select(f => f.ScheduledTime));
    }

    [Fact]
    public async Task RunAsync_TimerFirstSeenInsideLookback_CatchUpStartsAtFirstSeen()
    {
        var recent = new InMemoryTimerStartStore();
        foreach (var timer in source.Timers)
        {
            await recent.FirstSeenAsync(timer.Key, Tick.AddSeconds(-90));
        }

        await CreateFunction(startStore: recent).RunAsync(FakeTimerInfo(), CancellationToken.None);

        // Lookback alone would reach 11:57:30; first seen at 11:58:30 leaves interval 11:59, 12:00 and cron 12:00.
        Assert.Equal([Tick.AddMinutes(-1), Tick, Tick], sink.Instances.Values.Select(f => f.ScheduledTime).Order());
    }

    private sealed class ListTimerSource(params TimerTrigger[] timers) : ITimerSource
    {
        public IReadOnlyList<TimerTrigger> Timers => timers;

        public Task<IReadOnlyList<TimerTrigger>> GetTimersAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TimerTrigger>>(timers);
    }

    /// <summary>Stands in for the trigger-instance store's insert-if-absent on the fire id.</summary>
    private sealed class InsertIfAbsentSink : ITimerFireSink
    {
        private int calls;

        public ConcurrentDictionary<string, TimerFire> Instances { get; } = new(StringComparer.Ordinal);

        public int Calls => calls;

        public Task DispatchAsync(TimerFire fire, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            Instances.TryAdd(fire.TriggerInstanceId, fire);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingOnceSink(ITimerFireSink inner) : ITimerFireSink
    {
        private int failed;

        public Task DispatchAsync(TimerFire fire, CancellationToken cancellationToken) =>
            Interlocked.Exchange(ref failed, 1) == 0 ? throw new TimeoutException("store busy") : inner.DispatchAsync(fire, cancellationToken);
    }
}
