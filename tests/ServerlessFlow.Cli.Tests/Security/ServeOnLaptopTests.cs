using System.Net;
using System.Text;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Webhooks;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, findings 3 and 9: <c>sflow serve</c> is safe on a developer's laptop. It always takes an API key (made
/// on first run and kept beside the data unless one is given), refuses requests naming another host (DNS rebinding) or coming
/// from another site's page, reads JSON bodies only, and checks webhook signatures as the Functions app does, with replays of
/// signed data (a GitHub body with a new delivery id, a shared-secret request within its window) running once.</summary>
public sealed class ServeOnLaptopTests : IDisposable
{
    private const string Key = "laptop-test-key-0123456789";
    private readonly string folder = Directory.CreateTempSubdirectory("sflow-laptop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task StartAsync_NoKeyGiven_GeneratesOneKeptBesideTheDataAndRequiresIt()
    {
        var keyFile = Path.Combine(folder, "data", "api-key");
        string key;
        await using (var first = await StartAsync(apiKey: null, keyFile: keyFile))
        {
            using var anonymous = new ServeClient(first.Url);
            var (without, _) = await anonymous.SendAsync(HttpMethod.Get, "/api/v1/executions");
            key = first.ApiKey!;
            using var keyed = new ServeClient(first.Url, key);
            var (with, _) = await keyed.SendAsync(HttpMethod.Get, "/api/v1/executions");

            Assert.True(first.ApiKeyCreated);
            Assert.Equal(HttpStatusCode.Unauthorized, without);
            Assert.Equal(HttpStatusCode.OK, with);
            Assert.Equal(key, File.ReadAllText(keyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }
        }

        await using var second = await StartAsync(apiKey: null, keyFile: keyFile);

        Assert.False(second.ApiKeyCreated);
        Assert.Equal(key, second.ApiKey);
    }

    [Fact]
    public async Task PostExecution_CrossSiteTextPlainWithForeignHost_IsRefusedAndRunsNothing()
    {
        var marker = Path.Combine(folder, "pwned");
        await using var host = await StartAsync(apiKey: Key);
        using var client = new ServeClient(host.Url, Key);
        var body = JsonText.Serialize(new Dictionary<string, object?>
        {
            ["action"] = "core.local",
            ["parameters"] = new Dictionary<string, object?> { ["cmd"] = $"touch {marker}" },
        });
        var port = new Uri(host.Url).Port;

        // The probe: a page on evil.example, its name rebound to 127.0.0.1, posting a "simple" text/plain request.
        var rebound = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", body, "text/plain", new Dictionary<string, string> { ["Host"] = $"evil.example:{port}", ["Origin"] = "http://evil.example" });
        var crossSite = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", body, "application/json", new Dictionary<string, string> { ["Origin"] = "http://evil.example" });
        var fetchMetadata = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", body, "application/json", new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" });
        var textPlain = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", body, "text/plain");
        var webhookRebound = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", """{"msg": "x"}""", "text/plain", new Dictionary<string, string> { ["Host"] = $"evil.example:{port}" });
        var (listStatus, list) = await client.SendAsync(HttpMethod.Get, "/api/v1/executions");

        Assert.Equal(HttpStatusCode.Forbidden, rebound.Status);
        Assert.Contains("DNS rebinding", (string)Field(rebound.Body, "faultstring")!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.Status);
        Assert.Equal(HttpStatusCode.Forbidden, fetchMetadata.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textPlain.Status);
        Assert.Equal(HttpStatusCode.Forbidden, webhookRebound.Status);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Empty((List<object?>)list!);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task PostExecution_SameOriginJsonWithKey_Runs()
    {
        await using var host = await StartAsync(apiKey: Key);
        using var client = new ServeClient(host.Url, Key);
        var origin = new Uri(host.Url).GetLeftPart(UriPartial.Authority);

        var (status, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action": "core.echo", "parameters": {"message": "hi"}}""", headers: new Dictionary<string, string> { ["Origin"] = origin });
        var (wrongKey, _) = await new ServeClient(host.Url, "guess").SendAsync(HttpMethod.Get, "/api/v1/executions");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("succeeded", Field(execution, "status"));
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey);
    }

    [Fact]
    public async Task Webhook_GitHubSignedBodyReplayedWithNewDeliveryId_RunsOnce()
    {
        const string secret = "github-secret";
        await using var host = await StartAsync(apiKey: Key, webhookAuth: Auth("github", secret));
        using var client = new ServeClient(host.Url);
        const string body = """{"msg": "push 1"}""";
        var signature = WebhookAuthenticator.GitHubSignature(secret, Encoding.UTF8.GetBytes(body));

        var unsigned = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body);
        var keyOnly = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: new Dictionary<string, string> { ["St2-Api-Key"] = Key });
        var first = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature, ["X-GitHub-Delivery"] = "d-1" });
        await WaitForExecutionsAsync(client, 1);
        var replay = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature, ["X-GitHub-Delivery"] = "d-2-a-day-later" });
        var other = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", """{"msg": "push 2"}""", headers: new Dictionary<string, string> { ["X-Hub-Signature-256"] = WebhookAuthenticator.GitHubSignature(secret, Encoding.UTF8.GetBytes("""{"msg": "push 2"}""")) });
        var executions = await WaitForExecutionsAsync(client, 2);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, keyOnly.Status);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, replay.Status);
        Assert.Equal(HttpStatusCode.Accepted, other.Status);
        Assert.Equal(["push 1", "push 2"], executions.Select(e => (string)Field(Field(e, "result"), "stdout")!).Order(StringComparer.Ordinal));
        var (_, instances) = await new ServeClient(host.Url, Key).SendAsync(HttpMethod.Get, "/api/v1/triggerinstances?trigger=core.st2.webhook");
        Assert.Equal(2, ((List<object?>)instances!).Count);
    }

    [Fact]
    public async Task Webhook_SharedSecretRequestReplayedWithinWindow_RunsOnce()
    {
        const string secret = "shared-secret";
        await using var host = await StartAsync(apiKey: Key, webhookAuth: Auth("shared-secret", secret));
        using var client = new ServeClient(host.Url);
        const string body = """{"msg": "signed"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            [WebhookHeaders.Timestamp] = timestamp,
            [WebhookHeaders.Signature] = WebhookAuthenticator.SharedSecretSignature(secret, timestamp, Encoding.UTF8.GetBytes(body)),
        };
        var stale = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var first = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: headers);
        await WaitForExecutionsAsync(client, 1);
        var replay = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: headers);
        var dayOld = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", body, headers: new Dictionary<string, string>
        {
            [WebhookHeaders.Timestamp] = stale,
            [WebhookHeaders.Signature] = WebhookAuthenticator.SharedSecretSignature(secret, stale, Encoding.UTF8.GetBytes(body)),
        });
        // A later, different event proves the replay was evaluated (and enforced nothing new) before this one.
        var laterBody = """{"msg": "later"}""";
        var later = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/echo", laterBody, headers: new Dictionary<string, string>
        {
            [WebhookHeaders.Timestamp] = timestamp,
            [WebhookHeaders.Signature] = WebhookAuthenticator.SharedSecretSignature(secret, timestamp, Encoding.UTF8.GetBytes(laterBody)),
        });
        var executions = await WaitForExecutionsAsync(client, 2);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, replay.Status);
        Assert.Equal(HttpStatusCode.Forbidden, dayOld.Status);
        Assert.Equal(HttpStatusCode.Accepted, later.Status);
        Assert.Equal(["later", "signed"], executions.Select(e => (string)Field(Field(e, "result"), "stdout")!).Order(StringComparer.Ordinal));
    }

    private static string Auth(string scheme, string secret) => JsonText.Serialize(new Dictionary<string, object?>
    {
        ["echo"] = new Dictionary<string, object?> { ["scheme"] = scheme, ["secret"] = secret },
    });

    private static async Task<List<object?>> WaitForExecutionsAsync(ServeClient client, int count)
    {
        using var keyed = new ServeClient(client.BaseUrl, Key);
        var list = await keyed.WaitForAsync("/api/v1/executions?action=core.echo", body => body is List<object?> l && l.Count >= count && l.All(e => Field(e, "status") is "succeeded" or "failed"));
        // Let any duplicate the replay could have caused show up before counting.
        await keyed.WaitForAsync("/api/v1/triggerinstances?trigger=core.st2.webhook", body => body is List<object?> l && l.All(i => Field(i, "status") is not "pending"));
        return (List<object?>)(await keyed.GetAsync("/api/v1/executions?action=core.echo"))!;
    }

    private Task<ServeHost> StartAsync(string? apiKey, string? keyFile = null, string? webhookAuth = null) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Path.Combine(RepositoryPaths.Root, "packs"), Path.Combine(RepositoryPaths.Root, "tests", "ServerlessFlow.Cli.Tests", "Security", "packs")],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
        ApiKey = apiKey,
        ApiKeyFile = keyFile,
        WebhookAuth = webhookAuth,
        AllowedHosts = [],
    });
}
