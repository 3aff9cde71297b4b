using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Azure.Tests.Secrets;

/// <summary>A pack whose configuration has a <c>secret: true</c> item read from the datastore, run on Table Storage: the
/// secret reaches the actions that use it (through <c>config_context</c> in action defaults and in a rule's parameters), and
/// no table row, blob or file of Azurite's data folder holds it in clear afterwards.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PackConfigSecretLeakTests(AzuriteFixture azurite) : IDisposable
{
    private const string Secret = "cfg-secret-93be1d";

    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-cfgleak-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task RunAndRule_SecretPackConfig_UsedByActionsButNeverStoredInClear()
    {
        var runtime = await CreateAsync();
        await runtime.KeyValues.SetAsync("cfg_token", Secret, secret: true);
        var actions = runtime.WithoutDurableClient.Actions;
        string actionsFolder = Path.Combine(root, "packs", "cfg", "actions");

        var token = await actions.RunAsync(runtime.Catalog.FindAction("cfg.token")!, [], actionsFolder);
        var show = await actions.RunAsync(runtime.Catalog.FindAction("cfg.show")!, [], actionsFolder);
        var instance = new TriggerInstanceState
        {
            Id = "ti-cfg-1",
            Trigger = "core.st2.webhook",
            TriggerParameters = new(StringComparer.Ordinal) { ["url"] = "relay" },
            Payload = new(StringComparer.Ordinal) { ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal), ["headers"] = new Dictionary<string, object?>(StringComparer.Ordinal) },
            OccurrenceTime = DateTimeOffset.UtcNow,
        };
        await runtime.Stores.TriggerInstances.CreateAsync(instance);
        var outcome = Assert.Single(await runtime.WithoutDurableClient.RuleEvaluation.ProcessAsync(instance));

        // The secret was there where it is used: the shell saw it (its length, and its hash computed in the shell).
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret)))[..16];
        Assert.Equal($"length {Secret.Length}", Stdout(token));
        Assert.Equal(hash, Stdout(show));
        Assert.True(outcome.Execution is not null, outcome.Enforcement.FailureReason);
        Assert.Equal("relayed-" + hash, Stdout(outcome.Execution));

        var scanned = await AzuriteContents.StoredTextAsync(azurite.Azurite.ConnectionString);
        Assert.Contains("cfg.token", scanned, StringComparison.Ordinal);
        Assert.Contains("cfg.show", scanned, StringComparison.Ordinal);
        Assert.Contains("relayed-" + hash, scanned, StringComparison.Ordinal);
        Assert.Contains("\"token_text\":\"" + ActionParameterResolver.Mask + "\"", scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await AzuriteContents.QueuedTextAsync(azurite.Azurite.ConnectionString), StringComparison.Ordinal);
        foreach (var text in await AzuriteContents.DataFolderTextsAsync(azurite.Azurite.DataFolder))
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    private static string? Stdout(ExecutionState execution) =>
        ((execution.Result as Dictionary<string, object?>)?["stdout"] as string)?.Trim();

    private async Task<ServerlessFlowRuntime> CreateAsync()
    {
        WritePack();
        var tables = await azurite.NewStoresAsync();
        var (sources, problems) = PackFolders.Find([Path.Combine(root, "packs"), Path.Combine(RepositoryRoot(), "packs", "core")]);
        Assert.Empty(problems);
        var catalog = PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
        Assert.False(catalog.HasErrors, string.Join("; ", catalog.Diagnostics));
        return ServerlessFlowRuntime.Create(TestRuntimeChoices.For(catalog) with
        {
            ConfigsFolder = Path.Combine(root, "configs"),
            Stores = new RuntimeStores(tables.Executions, tables.TriggerInstances, tables.Enforcements, tables.Inquiries, tables.KeyValues, tables.Payloads, tables.ConcurrencySlots),
        });
    }

    private void WritePack()
    {
        var pack = Path.Combine(root, "packs", "cfg");
        Directory.CreateDirectory(Path.Combine(pack, "actions"));
        Directory.CreateDirectory(Path.Combine(pack, "rules"));
        Directory.CreateDirectory(Path.Combine(root, "configs"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: cfg\nname: cfg\nversion: 1.0.0\ndescription: a secret in the pack config\nauthor: test\nemail: t@example.com\n");
        File.WriteAllText(Path.Combine(pack, "config.schema.yaml"), "token:\n  type: string\n  secret: true\n  required: true\n");
        File.WriteAllText(Path.Combine(root, "configs", "cfg.yaml"), "token: \"{{ st2kv.system.cfg_token }}\"\n");

        // The secret goes only where it is used: a secret parameter, and a parameter whose hash the shell prints (a rule
        // gives it from the config, so the enforcement and the execution record it: masked).
        File.WriteAllText(Path.Combine(pack, "actions", "token.yaml"), """
            name: token
            runner_type: local-shell-cmd
            parameters:
              token:
                type: string
                secret: true
                default: "{{ config_context.token }}"
              cmd:
                default: "echo length {{ token | length }}"
            """);
        File.WriteAllText(Path.Combine(pack, "actions", "show.yaml"), """
            name: show
            runner_type: local-shell-cmd
            parameters:
              token_text:
                type: string
                default: "{{ config_context.token }}"
              prefix:
                type: string
                default: ""
              cmd:
                default: "printf %s {{ prefix }} && printf %s {{ token_text }} | sha256sum | cut -c1-16"
            """);
        File.WriteAllText(Path.Combine(pack, "rules", "relay.yaml"), """
            name: relay
            pack: cfg
            enabled: true
            trigger:
              type: core.st2.webhook
              parameters:
                url: relay
            action:
              ref: cfg.show
              parameters:
                prefix: relayed-
                token_text: "{{ config_context.token }}"
            """);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (ServerlessFlow.sln) is not above " + AppContext.BaseDirectory);
    }
}
