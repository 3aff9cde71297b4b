using System.Net;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.KeyValues;
using Xunit.Abstractions;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, "done when" 2: after webhooks that try every way to read a secret (Jinja and YAQL, in a rule's
/// parameters, its shell command, a workflow's input, publish and output, an action's result), the secret's clear text is in no
/// table row, queue message, blob, file of Azurite's or <c>sflow serve</c>'s data folders, nor in what the server printed.</summary>
public sealed class SecretScanTests(ITestOutputHelper log)
{
    private const string Secret = "scan-secret-clear-text-5d81c2";

    private static readonly string[] Packs =
    [
        Path.Combine(RepositoryPaths.Root, "packs"),
        Path.Combine(RepositoryPaths.Root, "tests", "ServerlessFlow.Cli.Tests", "Security", "packs"),
    ];

    private static readonly string[] Probes =
    [
        "{{ st2kv.system.db_secret | decrypt_kv }}",
        "<% st2kv('system.db_secret', decrypt => true) %>",
        "a {% set s = st2kv.system.db_secret | decrypt_kv %}{{ s }} b <% st2kv(\"system.db_secret\", decrypt=>true) %>",
    ];

    // echo: a rule parameter rendered again by core.echo's default; local: the rule's own shell command; data: a workflow's
    // input, publish, an action's result and the output; params: a nested object parameter.
    private static readonly string[] Hooks = ["echo", "local", "data", "params"];

    [Fact]
    public async Task Serve_WebhooksTryingToReadASecret_LeaveItsClearTextNowhere()
    {
        var scanner = new SecretScanner(Secret);
        var work = Directory.CreateTempSubdirectory("sflow-scan-").FullName;
        var azurite = await AzuriteProcess.StartAsync();
        var printed = "";
        try
        {
            var environment = new Dictionary<string, string> { ["SFLOW_DATASTORE_KEY"] = SecretCipher.GenerateKey() };
            using (var serve = await ServeProcess.StartAsync(Packs, azurite.ConnectionString, work, environment))
            {
                try
                {
                    await SendProbesAsync(serve);
                    await serve.StopAsync();
                }
                finally
                {
                    printed = serve.Output;
                }
            }

            // Through the storage APIs first (every row, blob and visible message), then Azurite's files once it has written
            // its databases out on a clean stop.
            var stored = await AzuriteContents.StoredTextAsync(azurite.ConnectionString);
            var queued = await AzuriteContents.QueuedTextAsync(azurite.ConnectionString);
            await azurite.StopAsync();

            // The scan sees what it should: the probes' text, the key's name and the webhooks' records.
            Assert.Contains("st2kv.system.db_secret | decrypt_kv", stored, StringComparison.Ordinal);
            Assert.Contains("db_secret", stored, StringComparison.Ordinal);
            Assert.Contains(
                Directory.EnumerateFiles(azurite.DataFolder, "*", SearchOption.AllDirectories),
                file => File.ReadAllText(file).Contains("st2kv.system.db_secret | decrypt_kv", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(work, ".azurite", "sflow-serve", "api-key")), "the serve data folder is where the test looks");
            Assert.Contains("listening on", printed, StringComparison.Ordinal);

            Assert.Empty(scanner.Find(stored));
            Assert.Empty(scanner.Find(queued));
            Assert.Empty(scanner.FindInFolder(azurite.DataFolder));
            Assert.Empty(scanner.FindInFolder(work));
            Assert.Empty(scanner.Find(printed));
        }
        finally
        {
            log.WriteLine("sflow serve printed:\n" + printed);
            await azurite.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task SendProbesAsync(ServeProcess serve)
    {
        using var client = new ServeClient(serve.Url, serve.ApiKey);
        var (set, _) = await client.SendAsync(
            HttpMethod.Put, "/api/v1/keys/db_secret", JsonText.Serialize(new Dictionary<string, object?> { ["value"] = Secret, ["secret"] = true }));
        Assert.Equal(HttpStatusCode.OK, set);

        foreach (var probe in Probes)
        {
            foreach (var hook in Hooks)
            {
                var (status, _) = await client.SendAsync(
                    HttpMethod.Post, "/api/v1/webhooks/" + hook, JsonText.Serialize(new Dictionary<string, object?> { ["msg"] = probe }));
                Assert.Equal(HttpStatusCode.Accepted, status);
            }
        }

        var (order, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", JsonText.Serialize(new Dictionary<string, object?>
        {
            ["order_id"] = Probes[0],
            ["items"] = new List<object?> { Probes[1] },
            ["customer"] = Probes[2],
        }));
        Assert.Equal(HttpStatusCode.Accepted, order);

        // Every probe's action ran to its end, children included (a workflow ends after its tasks); the examples pack's
        // heartbeat timer adds executions of its own.
        var expected = (Probes.Length * Hooks.Length) + 1;
        var all = (List<object?>)(await client.WaitForAsync(
            "/api/v1/executions?limit=1000",
            body => body is List<object?> l
                && l.Count(Probed) == expected
                && l.All(e => Field(e, "status") is not ("requested" or "scheduled" or "running")),
            TimeSpan.FromMinutes(5)))!;
        Assert.All(all, e => Assert.Equal("succeeded", Field(e, "status")));
    }

    private static bool Probed(object? execution) =>
        Field(Field(execution, "rule"), "ref") is string rule
        && Field(execution, "parent") is null
        && (rule.StartsWith("hostile.", StringComparison.Ordinal) || rule == "examples.order_webhook");
}
