using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Payloads;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IPayloadStore"/> must do.</summary>
public abstract class PayloadStoreContract
{
    protected abstract Task<IPayloadStore> CreateStoreAsync();

    [Fact]
    public async Task PutGetDelete_RoundTripsBytes()
    {
        var store = await CreateStoreAsync();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await store.PutAsync("x/y/z.json", bytes);
        Assert.Equal(bytes, await store.GetAsync("x/y/z.json"));
        await store.PutAsync("x/y/z.json", new byte[] { 1, 2 });
        Assert.Equal(new byte[] { 1, 2 }, await store.GetAsync("x/y/z.json"));
        Assert.True(await store.DeleteAsync("x/y/z.json"));
        Assert.False(await store.DeleteAsync("x/y/z.json"));
        Assert.Null(await store.GetAsync("x/y/z.json"));
    }
}

public sealed class InMemoryPayloadStoreTests : PayloadStoreContract
{
    protected override Task<IPayloadStore> CreateStoreAsync() => Task.FromResult<IPayloadStore>(new InMemoryPayloadStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class BlobPayloadStoreTests(AzuriteFixture azurite) : PayloadStoreContract
{
    protected override async Task<IPayloadStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).Payloads;
}
