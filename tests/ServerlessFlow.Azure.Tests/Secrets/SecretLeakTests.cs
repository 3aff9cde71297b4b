using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Runners;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Azure.Tests.Secrets;

/// <summary>Secret parameters and secret key-value pairs must never reach a stored row, a blob or Azurite's data folder in clear.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SecretLeakTests(AzuriteFixture azurite)
{
    private const string ParameterSecret = "param-secret-7f3a9c";
    private const string KeySecret = "kv-secret-c41d2e";

    private const string ActionYaml = """
        name: deploy
        runner_type: local-shell-cmd
        entry_point: ''
        parameters:
          token:
            type: string
            secret: true
            required: true
          cmd:
            default: 'test -n "{{token}}" && echo done'
            immutable: true
        """;

    [Fact]
    public async Task StoredRowsBlobsAndDataFolder_NeverHoldSecretsInClear()
    {
        var stores = await azurite.NewStoresAsync();
        var time = TimeProvider.System;
        var triggers = new TriggerDispatcher(stores.TriggerInstances, new InMemoryTriggerBus(), time);

        var pack = PackLoader.Load(new InMemoryPackSource("mem/secrets", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: secrets\nversion: 1.0.0\ndescription: test\nauthor: t\nemail: t@example.com\n",
            ["actions/deploy.yaml"] = ActionYaml,
        }, "secrets"));
        var catalog = PackCatalog.Create([pack]);
        var action = catalog.FindAction("secrets.deploy") ?? throw new InvalidOperationException(string.Join("; ", catalog.Diagnostics));
        var service = new ActionExecutionService(
            stores.Executions, new RunnerRegistry([new LocalShellCommandRunner(time)]), RunnerTypeCatalog.Default, time, triggers);
        var execution = await service.RunAsync(action, new() { ["token"] = ParameterSecret }, "/tmp");
        Assert.Equal("succeeded", execution.Status.ToString().ToLowerInvariant());
        Assert.Equal("done", ((Dictionary<string, object?>)execution.Result!)["stdout"]);

        var keyValues = new KeyValueService(stores.KeyValues, new SecretCipher(SecretCipher.GenerateKey()), time, triggers);
        await keyValues.SetAsync("db.password", KeySecret, secret: true);
        await keyValues.SetAsync("db.password", KeySecret + "-rotated", secret: true);
        Assert.Equal(KeySecret + "-rotated", await keyValues.GetValueAsync("db.password", decrypt: true));

        var scanned = await AzuriteContents.StoredTextAsync(azurite.Azurite.ConnectionString);
        Assert.Contains("db.password", scanned, StringComparison.Ordinal);
        Assert.Contains("secrets.deploy", scanned, StringComparison.Ordinal);
        Assert.Contains(ActionParameterResolver.Mask, scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(ParameterSecret, scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(KeySecret, scanned, StringComparison.Ordinal);

        foreach (var text in await AzuriteContents.DataFolderTextsAsync(azurite.Azurite.DataFolder))
        {
            Assert.DoesNotContain(ParameterSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(KeySecret, text, StringComparison.Ordinal);
        }
    }
}
