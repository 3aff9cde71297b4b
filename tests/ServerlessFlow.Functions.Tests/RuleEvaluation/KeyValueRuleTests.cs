using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.Tests.RuleEvaluation;

/// <summary><c>st2kv</c> in the app's composition: a rule's action parameters and an action's parameter defaults read the
/// key-value store the keys API writes, secrets decrypted with <c>SFLOW_DATASTORE_KEY</c>.</summary>
public sealed class KeyValueRuleTests : IDisposable
{
    private readonly string packs = Path.Combine(Path.GetTempPath(), "sflow-kvrule-" + Guid.NewGuid().ToString("N"));

    public KeyValueRuleTests()
    {
        CopyFolder(Path.Combine(FunctionsWorld.RepositoryPacks, "core"), Path.Combine(packs, "core"));
        var pack = Path.Combine(packs, "kvtest");
        Directory.CreateDirectory(Path.Combine(pack, "rules"));
        Directory.CreateDirectory(Path.Combine(pack, "actions"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "name: kvtest\nversion: 1.0.0\ndescription: t\nauthor: t\nemail: t@example.com\n");
        File.WriteAllText(Path.Combine(pack, "rules", "greet.yaml"), """
            name: greet
            pack: kvtest
            enabled: true
            trigger:
              type: core.st2.webhook
              parameters:
                url: kvgreet
            action:
              ref: core.echo
              parameters:
                message: "{{ st2kv.system.greeting }}, {{ trigger.body.name }}"
            """);
        File.WriteAllText(Path.Combine(pack, "rules", "token.yaml"), """
            name: token
            pack: kvtest
            enabled: true
            trigger:
              type: core.st2.webhook
              parameters:
                url: kvtoken
            action:
              ref: kvtest.show_token
            """);
        File.WriteAllText(Path.Combine(pack, "actions", "show_token.yaml"), """
            name: show_token
            runner_type: local-shell-cmd
            entry_point: ''
            parameters:
              token:
                type: string
                secret: true
                default: "{{ st2kv.system.token | decrypt_kv }}"
              cmd:
                type: string
                immutable: true
                default: 'echo "length {{ token | length }}"'
            """);
    }

    public void Dispose() => Directory.Delete(packs, recursive: true);

    [Fact]
    public async Task ProcessAsync_RuleParameterReadsSt2kv_ActionGetsTheStoredValue()
    {
        await using var world = await FunctionsWorld.StartAsync(packs);
        await world.Get<KeyValueService>().SetAsync("greeting", "Hello");

        var execution = await FireAsync(world, "kvgreet", "Thanos");

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("Hello, Thanos", ((Dictionary<string, object?>)execution.Result!)["stdout"]);
    }

    [Fact]
    public async Task ProcessAsync_ActionDefaultDecryptsSecretKey_RunsWithClearValueAndRecordsNoSecret()
    {
        await using var world = await FunctionsWorld.StartAsync(packs, new Dictionary<string, string?> { [AppSettingNames.DatastoreKey] = SecretCipher.GenerateKey() });
        await world.Get<KeyValueService>().SetAsync("token", "tok-9f8e7d", secret: true);

        var execution = await FireAsync(world, "kvtoken", "x");

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("length 10", ((Dictionary<string, object?>)execution.Result!)["stdout"]);
        Assert.DoesNotContain("tok-9f8e7d", ServerlessFlow.Core.Values.JsonText.Serialize(execution.ToPlain()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_RuleParameterReadsMissingKey_RendersEmptyAsSt2Does()
    {
        await using var world = await FunctionsWorld.StartAsync(packs);

        var execution = await FireAsync(world, "kvgreet", "Thanos");

        // st2's KeyValueLookup renders a key that is not stored as an empty string.
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(", Thanos", ((Dictionary<string, object?>)execution.Result!)["stdout"]);
    }

    private static async Task<ExecutionState> FireAsync(FunctionsWorld world, string url, string name)
    {
        // As the webhook function dispatches: rules on core.st2.webhook are indexed by the url trigger parameter.
        var instance = await world.Get<TriggerDispatcher>().DispatchAsync(
            "core.st2.webhook",
            new() { ["url"] = url, ["body"] = new Dictionary<string, object?> { ["name"] = name }, ["headers"] = new Dictionary<string, object?>() },
            triggerParameters: new() { ["url"] = url });

        await world.Get<ITriggerInstanceProcessor>().ProcessAsync(new TriggerBusMessage(instance.Id, null), new NoOrchestrationClient("rules here run no workflow"), CancellationToken.None);

        var executions = (await world.Executions.ListAsync(new ExecutionQuery { Limit = 10 })).Items;
        return Assert.Single(executions);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
