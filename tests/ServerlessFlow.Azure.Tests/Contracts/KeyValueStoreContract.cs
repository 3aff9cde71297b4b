using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IKeyValueStore"/> must do.</summary>
public abstract class KeyValueStoreContract
{
    protected abstract Task<IKeyValueStore> CreateStoreAsync();

    private static KeyValuePairState Pair(string name, string value, KeyValueScope scope = KeyValueScope.System, string? user = null) =>
        new() { Name = name, Value = value, Scope = scope, User = user };

    [Fact]
    public async Task CreateAsync_ThenGet_RoundTripsNamesWithAwkwardCharacters()
    {
        var store = await CreateStoreAsync();
        foreach (var name in new[] { "a/b", "c#d", "e?f", "g\\h", "100%", "tab\tname", "ünï", "x:y.z" })
        {
            Assert.True((await store.CreateAsync(Pair(name, "v-" + name))).Created);
            Assert.Equal("v-" + name, (await store.GetAsync(KeyValueScope.System, null, name))!.Value);
        }
    }

    [Fact]
    public async Task ListAsync_Prefix_OnlyThatScopeAndPrefix()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Pair("app.one", "1"));
        await store.CreateAsync(Pair("app.two", "2"));
        await store.CreateAsync(Pair("apq", "3"));
        await store.CreateAsync(Pair("app.mine", "4", KeyValueScope.User, "alice"));
        Assert.Equal(["app.one", "app.two"], (await store.ListAsync(KeyValueScope.System, null, "app.")).Select(p => p.Name));
        Assert.Equal(["app.one", "app.two", "apq"], (await store.ListAsync(KeyValueScope.System, null, string.Empty)).Select(p => p.Name));
        Assert.Equal(["app.mine"], (await store.ListAsync(KeyValueScope.User, "alice", "app")).Select(p => p.Name));
        Assert.Empty(await store.ListAsync(KeyValueScope.User, "bob", string.Empty));
    }

    [Fact]
    public async Task UpdateAndDelete_CheckVersion()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Pair("k", "1"));
        var updated = await store.UpdateAsync(stored with { Value = "2" });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored with { Value = "3" }));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.DeleteAsync(stored));
        Assert.True(await store.DeleteAsync(updated));
        Assert.False(await store.DeleteAsync(updated with { Version = null }));
        Assert.Null(await store.GetAsync(KeyValueScope.System, null, "k"));
    }
}

public sealed class InMemoryKeyValueStoreTests : KeyValueStoreContract
{
    protected override Task<IKeyValueStore> CreateStoreAsync() => Task.FromResult<IKeyValueStore>(new InMemoryKeyValueStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableKeyValueStoreTests(AzuriteFixture azurite) : KeyValueStoreContract
{
    protected override async Task<IKeyValueStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).KeyValues;
}
