using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="ITimerStartStore"/> must do.</summary>
public abstract class TimerStartStoreContract
{
    private static readonly DateTimeOffset Deployed = new(2026, 12, 7, 16, 6, 50, 123, TimeSpan.Zero);

    protected abstract Task<ITimerStartStore> CreateStoreAsync();

    [Fact]
    public async Task FirstSeenAsync_SecondCallLater_ReturnsTheFirstTime()
    {
        var store = await CreateStoreAsync();
        const string timer = """core.st2.CronTimer {"minute":"*/2","second":"0"}""";

        var first = await store.FirstSeenAsync(timer, Deployed);
        var again = await store.FirstSeenAsync(timer, Deployed.AddMinutes(10));

        Assert.Equal(Deployed, first);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task FirstSeenAsync_TwoTimers_KeptApart()
    {
        var store = await CreateStoreAsync();

        await store.FirstSeenAsync("""core.st2.IntervalTimer {"delta":30,"unit":"seconds"}""", Deployed);
        var other = await store.FirstSeenAsync("""core.st2.IntervalTimer {"delta":5,"unit":"seconds"}""", Deployed.AddHours(1));

        Assert.Equal(Deployed.AddHours(1), other);
    }

    [Fact]
    public async Task FirstSeenAsync_ManyInstancesRacing_AllReturnOneTime()
    {
        var store = await CreateStoreAsync();
        const string timer = """core.st2.DateTimer {"date":"2026-12-24 18:00:00"}""";

        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.FirstSeenAsync(timer, Deployed.AddSeconds(i)))));

        Assert.Single(seen.Distinct());
        Assert.Contains(seen[0], Enumerable.Range(0, 8).Select(i => Deployed.AddSeconds(i)));
    }
}

public sealed class InMemoryTimerStartStoreTests : TimerStartStoreContract
{
    protected override Task<ITimerStartStore> CreateStoreAsync() => Task.FromResult<ITimerStartStore>(new InMemoryTimerStartStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableTimerStartStoreTests(AzuriteFixture azurite) : TimerStartStoreContract
{
    protected override async Task<ITimerStartStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).TimerStarts;
}
