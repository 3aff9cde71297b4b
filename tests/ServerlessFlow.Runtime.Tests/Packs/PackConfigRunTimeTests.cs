using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Tests.Packs;

/// <summary>A pack's configuration applied at run time: <c>configs/&lt;pack&gt;.yaml</c> over the schema's defaults, read by
/// <c>config_context</c> in action parameter defaults and in rule action parameters; a <c>secret</c> item read from the
/// datastore is decrypted for the run and masked in the records. As in StackStorm, <c>config_context</c> is the config of
/// the action's pack.</summary>
public sealed class PackConfigRunTimeTests : IDisposable
{
    private const string Secret = "s3cr3t-token-4711";

    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-config-" + Guid.NewGuid().ToString("N")[..8]);

    public PackConfigRunTimeTests()
    {
        var pack = Path.Combine(root, "packs", "cfg");
        Directory.CreateDirectory(Path.Combine(pack, "actions"));
        Directory.CreateDirectory(Path.Combine(pack, "rules"));
        Directory.CreateDirectory(Path.Combine(root, "configs"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: cfg\nname: cfg\nversion: 1.0.0\ndescription: config at run time\nauthor: test\nemail: t@example.com\n");
        File.WriteAllText(Path.Combine(pack, "config.schema.yaml"), """
            host:
              type: string
              default: default.example
            port:
              type: integer
              default: 80
            token:
              type: string
              secret: true
              required: true
            """);
        File.WriteAllText(Path.Combine(root, "configs", "cfg.yaml"), "host: configured.example\ntoken: \"{{ st2kv.system.cfg_token }}\"\n");
        File.WriteAllText(Path.Combine(pack, "actions", "show.yaml"), """
            name: show
            runner_type: local-shell-cmd
            parameters:
              cmd:
                default: "echo {{ config_context.host }}:{{ config_context.port }}"
              env:
                default:
                  TOKEN: "{{ config_context.token }}"
            """);
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
        File.WriteAllText(Path.Combine(pack, "actions", "chain.yaml"), "name: chain\nrunner_type: action-chain\nentry_point: chain_def.yaml\n");
        File.WriteAllText(Path.Combine(pack, "actions", "chain_def.yaml"), """
            chain:
              - name: say
                ref: core.echo
                parameters:
                  message: "{{ config_context.host }}:{{ config_context.port }}"
            """);
        File.WriteAllText(Path.Combine(pack, "actions", "chain_secret.yaml"), "name: chain_secret\nrunner_type: action-chain\nentry_point: chain_secret_def.yaml\n");
        File.WriteAllText(Path.Combine(pack, "actions", "chain_secret_def.yaml"), """
            chain:
              - name: say
                ref: core.echo
                parameters:
                  message: "{{ config_context.token }}"
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
                cmd: "echo relay to {{ config_context.host }}"
            """);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task RunAsync_ConfigContextInDefaults_SeesConfiguredValuesOverSchemaDefaultsAndMasksTheSecret()
    {
        var runtime = Create();
        await runtime.KeyValues.SetAsync("cfg_token", Secret, secret: true);
        var actions = runtime.WithoutDurableClient.Actions;

        var show = await actions.RunAsync(runtime.Catalog.FindAction("cfg.show")!, [], Path.Combine(root, "packs", "cfg", "actions"));
        var token = await actions.RunAsync(runtime.Catalog.FindAction("cfg.token")!, [], Path.Combine(root, "packs", "cfg", "actions"));

        Assert.Equal(ExecutionStatus.Succeeded, show.Status);
        Assert.Equal("configured.example:80", Stdout(show));
        Assert.Equal(ExecutionStatus.Succeeded, token.Status);
        Assert.Equal($"length {Secret.Length}", Stdout(token));
        var stored = await runtime.Stores.Executions.ListAsync(new ExecutionQuery { Limit = 100 });
        Assert.DoesNotContain(Secret, JsonText.Serialize(stored.Items.Select(e => (object?)JsonText.Parse(JsonText.Serialize(e))).ToList()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_RuleParameterReadsConfigContext_ActionGetsTheConfiguredValue()
    {
        var runtime = Create();
        await runtime.KeyValues.SetAsync("cfg_token", Secret, secret: true);
        var instance = new TriggerInstanceState
        {
            Id = "ti-1",
            Trigger = "core.st2.webhook",
            TriggerParameters = new(StringComparer.Ordinal) { ["url"] = "relay" },
            Payload = new(StringComparer.Ordinal) { ["body"] = new Dictionary<string, object?>(StringComparer.Ordinal), ["headers"] = new Dictionary<string, object?>(StringComparer.Ordinal) },
            OccurrenceTime = DateTimeOffset.UtcNow,
        };
        await runtime.Stores.TriggerInstances.CreateAsync(instance);

        var outcomes = await runtime.WithoutDurableClient.RuleEvaluation.ProcessAsync(instance);

        var outcome = Assert.Single(outcomes);
        Assert.True(outcome.Execution is not null, outcome.Enforcement.FailureReason);
        var execution = outcome.Execution;
        Assert.Equal("relay to configured.example", Stdout(execution));
    }

    [Fact]
    public async Task Start_ChainNodeReadsConfigContext_SeesConfiguredValuesButNotTheSecretItem()
    {
        var runtime = Create();
        await runtime.KeyValues.SetAsync("cfg_token", Secret, secret: true);

        var step = runtime.Workflows.Start(new WorkflowOrchestrationInput("chain-1", "cfg.chain", "{}"), DateTime.UnixEpoch);
        var secret = runtime.Workflows.Start(new WorkflowOrchestrationInput("chain-2", "cfg.chain_secret", "{}"), DateTime.UnixEpoch);

        Assert.True(runtime.Workflows.ReadsKeyValues("cfg.chain"));
        var command = Assert.Single(step.Commands);
        Assert.Equal("core.echo", command.ActionRef);
        Assert.Contains("\"configured.example:80\"", command.InputJson, StringComparison.Ordinal);
        Assert.Equal("failed", secret.Status);
        Assert.Empty(secret.Commands);
        Assert.Contains("token", secret.ResultJson, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, secret.ResultJson + secret.State, StringComparison.Ordinal);
    }

    private static string? Stdout(ExecutionState execution) =>
        ((execution.Result as Dictionary<string, object?>)?["stdout"] as string)?.Trim();

    private ServerlessFlowRuntime Create()
    {
        var (sources, _) = Runtime.Packs.PackFolders.Find([Path.Combine(root, "packs"), CorePack.Directory]);
        var catalog = PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
        return ServerlessFlowRuntime.Create(TestRuntimeChoices.For(catalog) with { ConfigsFolder = Path.Combine(root, "configs") });
    }
}
