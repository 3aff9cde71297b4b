using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Runners;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Actions;

/// <summary>Parameter defaults that read the datastore (<c>st2kv.system.*</c>), including decrypted secrets.</summary>
public sealed class KeyValueTemplateTests
{
    [Fact]
    public async Task RunAsync_DefaultFromSt2kv_ReadsDatastoreAndKeepsSecretOutOfRecord()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var keyValues = new KeyValueService(new InMemoryKeyValueStore(), new SecretCipher(SecretCipher.GenerateKey()), time);
        await keyValues.SetAsync("greeting", "hello");
        await keyValues.SetAsync("token", "tok-123", secret: true);
        var pack = PackLoader.Load(new InMemoryPackSource("mem/kv", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: kv\nversion: 1.0.0\ndescription: t\nauthor: t\nemail: t@example.com\n",
            ["actions/show.yaml"] = """
                name: show
                runner_type: local-shell-cmd
                entry_point: ''
                parameters:
                  word:
                    type: string
                    default: "{{ st2kv.system.greeting }}"
                  token:
                    type: string
                    secret: true
                    default: "{{ st2kv.system.token | decrypt_kv }}"
                  cmd:
                    type: string
                    immutable: true
                    default: 'echo "{{ word }} {{ token | length }}"'
                """,
        }, "kv"));
        var action = PackCatalog.Create([pack]).FindAction("kv.show")!;
        var executions = new InMemoryExecutionStore();
        var service = new ActionExecutionService(executions, new RunnerRegistry([new LocalShellCommandRunner(TimeProvider.System)]), RunnerTypeCatalog.Default, time, keyValues: keyValues);
        var execution = await service.RunAsync(action, [], "/tmp");
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("hello 7", ((Dictionary<string, object?>)execution.Result!)["stdout"]);
        Assert.DoesNotContain("tok-123", ServerlessFlow.Core.Values.JsonText.Serialize(execution.ToPlain()), StringComparison.Ordinal);
    }
}
