using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="ITriggerInstanceStore"/> must do.</summary>
public abstract class TriggerInstanceStoreContract
{
    protected abstract Task<ITriggerInstanceStore> CreateStoreAsync();

    private static TriggerInstanceState Instance(string id, int seconds, string trigger = "core.st2.webhook") => new()
    {
        Id = id,
        Trigger = trigger,
        OccurrenceTime = Records.T0.AddSeconds(seconds),
        Payload = new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["n"] = (long)seconds } },
    };

    [Fact]
    public async Task CreateAsync_SameIdTwice_StoresOnce()
    {
        var store = await CreateStoreAsync();
        Assert.True((await store.CreateAsync(Instance("i1", 0))).Created);
        var (stored, created) = await store.CreateAsync(Instance("i1", 5, "other.trigger"));
        Assert.False(created);
        Assert.Equal("core.st2.webhook", stored.Trigger);
        Assert.Equal(0L, ((Dictionary<string, object?>)stored.Payload["body"]!)["n"]);
    }

    [Fact]
    public async Task UpdateAsync_Status_RoundTripsAndChecksVersion()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Instance("i2", 0));
        var processed = await store.UpdateAsync(stored with { Status = TriggerInstanceStatus.Processed });
        Assert.Equal(TriggerInstanceStatus.Processed, (await store.GetAsync("i2"))!.Status);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored with { Status = TriggerInstanceStatus.ProcessingFailed }));
        Assert.NotNull(processed.Version);
    }

    [Fact]
    public async Task ListAsync_ByTrigger_NewestFirstAndPaged()
    {
        var store = await CreateStoreAsync();
        await store.CreateManyAsync(Enumerable.Range(0, 12).Select(i => Instance($"w{i:D2}", i, i % 3 == 0 ? "core.st2.IntervalTimer" : "core.st2.webhook")).ToList());
        var timers = await store.ListAsync(new TriggerInstanceQuery { Trigger = "core.st2.IntervalTimer" });
        Assert.Equal(["w09", "w06", "w03", "w00"], timers.Items.Select(i => i.Id));
        var first = await store.ListAsync(new TriggerInstanceQuery { Limit = 5 });
        Assert.Equal(["w11", "w10", "w09", "w08", "w07"], first.Items.Select(i => i.Id));
        var second = await store.ListAsync(new TriggerInstanceQuery { Limit = 5, ContinuationToken = first.ContinuationToken });
        Assert.Equal(["w06", "w05", "w04", "w03", "w02"], second.Items.Select(i => i.Id));
    }
}

public sealed class InMemoryTriggerInstanceStoreTests : TriggerInstanceStoreContract
{
    protected override Task<ITriggerInstanceStore> CreateStoreAsync() => Task.FromResult<ITriggerInstanceStore>(new InMemoryTriggerInstanceStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableTriggerInstanceStoreTests(AzuriteFixture azurite) : TriggerInstanceStoreContract
{
    protected override async Task<ITriggerInstanceStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).TriggerInstances;
}
