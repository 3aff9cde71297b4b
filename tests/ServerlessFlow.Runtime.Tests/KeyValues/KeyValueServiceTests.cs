using System.Security.Cryptography;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Triggers;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.KeyValues;

public sealed class KeyValueServiceTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly InMemoryKeyValueStore store = new();
    private readonly InMemoryTriggerBus bus = new();
    private readonly KeyValueService service;

    public KeyValueServiceTests()
    {
        service = new KeyValueService(store, new SecretCipher(SecretCipher.GenerateKey()), time, new TriggerDispatcher(new InMemoryTriggerInstanceStore(), bus, time));
    }

    [Fact]
    public async Task SetAsync_CreateUpdateChangeDelete_EmitsStackStormTriggers()
    {
        await service.SetAsync("a", "1");
        await service.SetAsync("a", "1");
        await service.SetAsync("a", "2");
        await service.DeleteAsync("a");
        Assert.Equal(
            [KeyValueService.CreateTrigger, KeyValueService.UpdateTrigger, KeyValueService.UpdateTrigger, KeyValueService.ValueChangeTrigger, KeyValueService.DeleteTrigger],
            bus.Drain().Select(i => i.Trigger));
    }

    [Fact]
    public async Task SetAsync_ValueChange_PayloadHasOldAndNewObjects()
    {
        await service.SetAsync("k", "old");
        bus.Drain();
        await service.SetAsync("k", "new");
        var change = Assert.Single(bus.Drain(), i => i.Trigger == KeyValueService.ValueChangeTrigger);
        Assert.Equal("old", ((Dictionary<string, object?>)change.Payload["old_object"]!)["value"]);
        Assert.Equal("new", ((Dictionary<string, object?>)change.Payload["new_object"]!)["value"]);
    }

    [Fact]
    public async Task SetAsync_Secret_IsEncryptedAtRestAndInTriggers()
    {
        await service.SetAsync("api_token", "s3cr3t-value", secret: true);
        var stored = await store.GetAsync(KeyValueScope.System, null, "api_token");
        Assert.NotNull(stored);
        Assert.StartsWith("aesgcm1:", stored.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", JsonText.Serialize(stored.ToPlain()), StringComparison.Ordinal);
        Assert.All(bus.Drain(), i => Assert.DoesNotContain("s3cr3t-value", JsonText.Serialize(i.ToPlain()), StringComparison.Ordinal));
        Assert.Equal("s3cr3t-value", await service.GetValueAsync("api_token", decrypt: true));
        Assert.Equal(stored.Value, await service.GetValueAsync("api_token", decrypt: false));
    }

    [Fact]
    public async Task GetValueAsync_WrongKey_FailsToDecrypt()
    {
        await service.SetAsync("s", "v", secret: true);
        var other = new KeyValueService(store, new SecretCipher(SecretCipher.GenerateKey()), time);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => other.GetValueAsync("s", decrypt: true));
    }

    [Fact]
    public async Task SetAsync_Ttl_ExpiresOnTheClock()
    {
        await service.SetAsync("temp", "v", ttlSeconds: 60);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("v", await service.GetValueAsync("temp"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await service.GetValueAsync("temp"));
        Assert.Empty(await service.ListAsync("te"));
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchingKeysByName()
    {
        foreach (var name in new[] { "app.b", "app.a", "apple", "other" })
        {
            await service.SetAsync(name, name);
        }

        Assert.Equal(["app.a", "app.b"], (await service.ListAsync("app.")).Select(p => p.Name));
        Assert.Equal(["app.a", "app.b", "apple"], (await service.ListAsync("app")).Select(p => p.Name));
    }

    [Fact]
    public async Task SetAsync_UserScope_IsSeparateFromSystemAndOtherUsers()
    {
        await service.SetAsync("k", "sys");
        await service.SetAsync("k", "alice's", KeyValueScope.User, "alice");
        await service.SetAsync("k", "bob's", KeyValueScope.User, "bob");
        Assert.Equal("sys", await service.GetValueAsync("k"));
        Assert.Equal("alice's", await service.GetValueAsync("k", KeyValueScope.User, "alice"));
        Assert.Equal("bob's", await service.GetValueAsync("k", KeyValueScope.User, "bob"));
        await Assert.ThrowsAsync<ArgumentException>(() => service.SetAsync("k", "v", KeyValueScope.User));
    }

    [Fact]
    public void SecretCipher_BadKey_ErrorSaysWhatIsWrong()
    {
        Assert.Contains("32 bytes", Assert.Throws<ArgumentException>(() => new SecretCipher(Convert.ToBase64String(new byte[16]))).Message, StringComparison.Ordinal);
        Assert.Contains("base64", Assert.Throws<ArgumentException>(() => new SecretCipher("not base64!")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_SecretWithoutKey_IsRefused()
    {
        var keyless = new KeyValueService(store, null, time);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => keyless.SetAsync("s", "v", secret: true));
        Assert.Contains("no datastore encryption key", ex.Message, StringComparison.Ordinal);
    }
}
