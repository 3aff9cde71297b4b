using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IInquiryStore"/> must do.</summary>
public abstract class InquiryStoreContract
{
    protected abstract Task<IInquiryStore> CreateStoreAsync();

    private static InquiryState Inquiry(string id, int seconds) => new()
    {
        Id = id,
        CreatedAt = Records.T0.AddSeconds(seconds),
        Schema = new Dictionary<string, object?> { ["type"] = "object" },
        Users = ["alice"],
        Ttl = 30,
    };

    [Fact]
    public async Task UpdateAsync_TwoResponders_SecondConflicts()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Inquiry("q1", 0));
        await store.UpdateAsync(stored with { Status = "succeeded", Response = new Dictionary<string, object?> { ["continue"] = true } });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored with { Status = "succeeded", Response = new Dictionary<string, object?> { ["continue"] = false } }));
        var read = await store.GetAsync("q1");
        Assert.Equal(true, read!.Response!["continue"]);
        Assert.Equal(["alice"], read.Users);
        Assert.Equal(30L, read.Ttl);
    }

    [Fact]
    public async Task ListAsync_Pending_SkipsAnswered()
    {
        var store = await CreateStoreAsync();
        var (q1, _) = await store.CreateAsync(Inquiry("q1", 1));
        await store.CreateAsync(Inquiry("q2", 2));
        await store.UpdateAsync(q1 with { Status = "succeeded" });
        Assert.Equal(["q2"], (await store.ListAsync("pending", 10, null)).Items.Select(i => i.Id));
        Assert.Equal(["q2", "q1"], (await store.ListAsync(null, 10, null)).Items.Select(i => i.Id));
    }
}

public sealed class InMemoryInquiryStoreTests : InquiryStoreContract
{
    protected override Task<IInquiryStore> CreateStoreAsync() => Task.FromResult<IInquiryStore>(new InMemoryInquiryStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableInquiryStoreTests(AzuriteFixture azurite) : InquiryStoreContract
{
    protected override async Task<IInquiryStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).Inquiries;
}
