using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Policies;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IConcurrencySlotStore"/> must do: a slot is taken once, a stale take-over fails, release
/// frees only the releasing execution's slots.</summary>
public abstract class ConcurrencySlotStoreContract
{
    protected abstract Task<IConcurrencySlotStore> CreateStoreAsync();

    [Fact]
    public async Task TryTakeAsync_FreeSlot_TakenOnceListedWithItsHolder()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.TryTakeAsync("examples.gate.concurrency", 0, "e1", expectedVersion: null));
        Assert.False(await store.TryTakeAsync("examples.gate.concurrency", 0, "e2", expectedVersion: null));
        Assert.True(await store.TryTakeAsync("examples.gate.concurrency", 1, "e2", expectedVersion: null));

        var slots = await store.ListAsync("examples.gate.concurrency");
        Assert.Equal([(0, "e1"), (1, "e2")], slots.Select(s => (s.Index, s.HolderExecutionId)).Order());
        Assert.Empty(await store.ListAsync("examples.other.concurrency"));
    }

    [Fact]
    public async Task TryTakeAsync_TakeOverAtTheVersionRead_OnlyTheFirstWins()
    {
        var store = await CreateStoreAsync();
        await store.TryTakeAsync("p.c:ab/#?%", 0, "ended", expectedVersion: null);
        string version = (await store.ListAsync("p.c:ab/#?%")).Single().Version;

        Assert.True(await store.TryTakeAsync("p.c:ab/#?%", 0, "e2", version));
        Assert.False(await store.TryTakeAsync("p.c:ab/#?%", 0, "e3", version));
        Assert.Equal("e2", (await store.ListAsync("p.c:ab/#?%")).Single().HolderExecutionId);
    }

    [Fact]
    public async Task ReleaseAsync_OneHolder_FreesOnlyItsSlot()
    {
        var store = await CreateStoreAsync();
        await store.TryTakeAsync("k", 0, "e1", expectedVersion: null);
        await store.TryTakeAsync("k", 1, "e2", expectedVersion: null);

        await store.ReleaseAsync("k", "e1");
        await store.ReleaseAsync("k", "nobody");

        Assert.Equal(["e2"], (await store.ListAsync("k")).Select(s => s.HolderExecutionId));
        Assert.True(await store.TryTakeAsync("k", 0, "e3", expectedVersion: null));
    }

    [Fact]
    public async Task TryTakeAsync_ManyRacingForOneSlot_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();

        bool[] won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryTakeAsync("race", 0, "e" + i, expectedVersion: null))));

        Assert.Single(won, w => w);
    }
}

public sealed class InMemoryConcurrencySlotStoreTests : ConcurrencySlotStoreContract
{
    protected override Task<IConcurrencySlotStore> CreateStoreAsync() => Task.FromResult<IConcurrencySlotStore>(new InMemoryConcurrencySlotStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableConcurrencySlotStoreTests(AzuriteFixture azurite) : ConcurrencySlotStoreContract
{
    protected override async Task<IConcurrencySlotStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).ConcurrencySlots;
}
