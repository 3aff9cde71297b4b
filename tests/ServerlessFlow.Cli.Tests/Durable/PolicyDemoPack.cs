using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>A pack whose actions carry StackStorm policies (<c>policies/*.yaml</c> in st2's format), written to disk (a
/// workflow's definition is read from its pack folder when it starts), and a runtime over it.</summary>
internal static class PolicyDemoPack
{
    /// <summary>Writes the pack under <paramref name="folder"/>; the webhook rule <c>on_gate</c> runs <c>policydemo.gate</c>
    /// waiting on <paramref name="gate"/>. Returns the loaded catalog.</summary>
    public static PackCatalog Write(string folder, string gate)
    {
        string pack = Path.Combine(folder, "policydemo");
        foreach ((string path, string text) in Files(gate))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(pack, path))!);
            File.WriteAllText(Path.Combine(pack, path), text);
        }

        PackCatalog catalog = PackCatalog.Create([PackLoader.Load(new FileSystemPackSource(pack, pack))]);
        Assert.Empty(catalog.Diagnostics);
        return catalog;
    }

    /// <summary>A runtime as <c>sflow</c> composes it, over <paramref name="stores"/>; a delayed execution is tried again
    /// every 50 ms (st2: 2.5 s — shorter keeps the tests quick and changes nothing else).</summary>
    public static ServerlessFlowRuntime Runtime(PackCatalog catalog, RuntimeStores stores)
    {
        ServerlessFlowRuntime runtime = LocalRuntime.Create(
            catalog, RuleSet.FromCatalog(catalog).Rules, stores, new InMemoryTriggerBus(), TimeProvider.System, null, null, RunCommand.DefaultUrl,
            NullLoggerFactory.Instance, Cli.Durable.DurableBackendKind.InMemory, python: null);
        return ServerlessFlowRuntime.Create(runtime.Choices with { PolicyDelayedRecheck = TimeSpan.FromMilliseconds(50) });
    }

    private static Dictionary<string, string> Files(string gate) => new(StringComparer.Ordinal)
    {
        ["pack.yaml"] = "ref: policydemo\nname: policydemo\ndescription: actions with st2 policies\nversion: 1.0.0\nauthor: t\nemail: t@example.com\n",
        ["actions/gate.yaml"] = Shell("gate"),
        ["actions/gate_cancel.yaml"] = Shell("gate_cancel"),
        ["actions/gate_attr.yaml"] = Shell("gate_attr") + "  group:\n    type: string\n",
        ["actions/flaky.yaml"] = Shell("flaky"),
        ["actions/slow.yaml"] = Shell("slow"),
        ["actions/flow.yaml"] = "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n",
        ["actions/workflows/flow.yaml"] = "version: 1.0\ntasks:\n  task1:\n    action: policydemo.flaky\n    input:\n      cmd: exit 1\n",
        ["rules/on_gate.yaml"] = "name: on_gate\nenabled: true\ntrigger: {type: core.st2.webhook, parameters: {url: gate}}\n"
            + $"action:\n  ref: policydemo.gate\n  parameters:\n    cmd: \"while [ -e '{gate}' ]; do sleep 0.05; done\"\n",
        ["policies/gate.yaml"] = "name: gate.concurrency\nresource_ref: policydemo.gate\npolicy_type: action.concurrency\nparameters:\n  threshold: 2\n  action: delay\n",
        ["policies/gate_cancel.yaml"] = "name: gate_cancel.concurrency\nresource_ref: policydemo.gate_cancel\npolicy_type: action.concurrency\nparameters:\n  threshold: 1\n  action: cancel\n",
        ["policies/gate_attr.yaml"] = "name: gate_attr.concurrency\nresource_ref: policydemo.gate_attr\npolicy_type: action.concurrency.attr\nparameters:\n  threshold: 1\n  attributes: [group]\n",
        ["policies/flaky.yaml"] = "name: flaky.retry\nresource_ref: policydemo.flaky\npolicy_type: action.retry\nparameters:\n  retry_on: failure\n  max_retry_count: 2\n",
        ["policies/slow.yaml"] = "name: slow.retry\nresource_ref: policydemo.slow\npolicy_type: action.retry\nparameters:\n  retry_on: timeout\n  max_retry_count: 1\n",
    };

    private static string Shell(string name) => $"name: {name}\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    type: string\n    required: true\n";
}
