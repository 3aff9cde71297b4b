using System.Net;
using System.Security.Cryptography;
using ServerlessFlow.FunctionsHost.Tests.Hosting;
using static ServerlessFlow.FunctionsHost.Tests.Hosting.HostApiClient;

namespace ServerlessFlow.FunctionsHost.Tests.Secrets;

/// <summary>Secrets that pass through the app under the host — a secret key-value pair, a secret action parameter given to
/// the API, and the same pair decrypted by a rule into a secret parameter — are only ever ciphertext or the mask in storage.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class SecretStorageHostTests(FunctionsHostFixture fixture)
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(4);

    [SkippableFact]
    public async Task Secrets_KeyValueAndParameters_NeverInClearTextInAzuriteOrHostLog()
    {
        fixture.SkipIfUnavailable();
        var api = fixture.Api;
        var kvSecret = "kv-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var parameterSecret = "param-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

        var (put, _) = await api.SendAsync(HttpMethod.Put, "/api/v1/keys/hosttests_secret", $$"""{"value":"{{kvSecret}}","secret":true}""");
        Assert.Equal(HttpStatusCode.OK, put);
        var stored = await api.GetAsync("/api/v1/keys/hosttests_secret");
        Assert.Equal(true, Field(stored, "secret"));
        Assert.NotEqual(kvSecret, Field(stored, "value"));
        Assert.Equal(kvSecret, Field(await api.GetAsync("/api/v1/keys/hosttests_secret?decrypt=true"), "value"));

        var (created, direct) = await api.SendAsync(HttpMethod.Post, "/api/v1/executions", $$$"""{"action":"hosttests.secret_noop","parameters":{"token":"{{{parameterSecret}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var directDone = await api.WaitForExecutionEndAsync((string)Field(direct, "id")!, Ceiling, fixture.Diagnostics);
        Assert.Equal("succeeded", Field(directDone, "status"));
        Assert.Equal("********", Field(directDone, "parameters", "token"));

        var tag = "host-secret-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Accepted, await api.PostWebhookAsync("hosttests/secret", "{}", tag));
        var fromRule = await Eventually.WaitAsync(
            () => api.ListAsync($"/api/v1/executions?action=hosttests.secret_noop&trace_tag={tag}"), l => l.Count > 0, Ceiling, "the rule's execution", fixture.Diagnostics);
        var ruleDone = await api.WaitForExecutionEndAsync((string)Field(Assert.Single(fromRule), "id")!, Ceiling, fixture.Diagnostics);
        Assert.Equal("succeeded", Field(ruleDone, "status"));
        Assert.Equal("********", Field(ruleDone, "parameters", "token"));

        var storage = new AppStorage(fixture.Azurite.ConnectionString, fixture.Options);
        var scanned = await AzuriteContents.StoredTextAsync(fixture.Azurite.ConnectionString) + await AzuriteContents.QueuedTextAsync(fixture.Azurite.ConnectionString);
        Assert.Contains(tag, scanned, StringComparison.Ordinal); // the scan reads what the app wrote
        foreach (var secret in new[] { kvSecret, parameterSecret })
        {
            Assert.DoesNotContain(secret, scanned, StringComparison.Ordinal);
            Assert.All(await AzuriteContents.DataFolderTextsAsync(fixture.Azurite.DataFolder), text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, fixture.Host.LogText(), StringComparison.Ordinal);
        }

        Assert.Empty(await storage.PeekPoisonAsync());
    }
}
