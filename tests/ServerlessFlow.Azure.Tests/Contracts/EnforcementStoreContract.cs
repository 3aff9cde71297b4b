using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IEnforcementStore"/> must do.</summary>
public abstract class EnforcementStoreContract
{
    protected abstract Task<IEnforcementStore> CreateStoreAsync();

    private static RuleEnforcementState Enforcement(string instance, string rule, int seconds) => new()
    {
        Id = RecordIds.Derive(instance, rule),
        RuleRef = rule,
        TriggerInstanceId = instance,
        EnforcedAt = Records.T0.AddSeconds(seconds),
    };

    [Fact]
    public async Task CreateAsync_SameInstanceAndRule_EnforcesOnce()
    {
        var store = await CreateStoreAsync();
        Assert.True((await store.CreateAsync(Enforcement("i1", "p.r", 0))).Created);
        Assert.False((await store.CreateAsync(Enforcement("i1", "p.r", 9))).Created);
        Assert.Single((await store.ListAsync(new EnforcementQuery())).Items);
    }

    [Fact]
    public async Task UpdateAsync_ExecutionId_IsRecorded()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Enforcement("i1", "p.r", 0));
        await store.UpdateAsync(stored with { ExecutionId = "e1" });
        Assert.Equal("e1", (await store.GetAsync(stored.Id))!.ExecutionId);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored with { ExecutionId = "e2" }));
    }

    [Fact]
    public async Task ListAsync_ByRuleAndInstance_FiltersNewestFirst()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Enforcement("i1", "p.a", 1));
        await store.CreateAsync(Enforcement("i1", "p.b", 2));
        await store.CreateAsync(Enforcement("i2", "p.a", 3));
        Assert.Equal(["i2", "i1"], (await store.ListAsync(new EnforcementQuery { Rule = "p.a" })).Items.Select(e => e.TriggerInstanceId));
        Assert.Equal(["p.b", "p.a"], (await store.ListAsync(new EnforcementQuery { TriggerInstanceId = "i1" })).Items.Select(e => e.RuleRef));
    }
}

public sealed class InMemoryEnforcementStoreTests : EnforcementStoreContract
{
    protected override Task<IEnforcementStore> CreateStoreAsync() => Task.FromResult<IEnforcementStore>(new InMemoryEnforcementStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableEnforcementStoreTests(AzuriteFixture azurite) : EnforcementStoreContract
{
    protected override async Task<IEnforcementStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).Enforcements;
}
