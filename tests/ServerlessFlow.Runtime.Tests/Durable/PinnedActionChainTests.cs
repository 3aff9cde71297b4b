using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>An ActionChain execution is pinned to the chain it started with, as Orquesta workflows are: a process that has
/// loaded a newer chain (another instance, or after a restart and an upgrade) goes on with the pinned chain once the
/// orchestration hands it the pinned definition, and refuses, naming the version, when it does not know it.</summary>
public sealed class PinnedActionChainTests : IDisposable
{
    private const string V1 = "chain:\n  - name: first\n    ref: core.noop\n    on-success: second\n  - name: second\n    ref: core.echo\n    parameters:\n      message: v1\n";
    private const string V2 = "chain:\n  - name: first\n    ref: core.noop\n    on-success: second\n  - name: second\n    ref: core.local\n    parameters:\n      cmd: echo v2\n";

    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-pinchain-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Apply_ChainPinnedToAnOlderVersion_RunsThePinnedChainOnceRegisteredAndRefusesBefore()
    {
        var started = WorkflowDefinitions.Load(Catalog(V1));
        var pin = started.Pin("pinned.chain");
        Assert.NotNull(pin);
        Assert.Equal(WorkflowRunnerTypes.ActionChain, pin.Runner);
        var first = new WorkflowEngineStepper(started, "http://127.0.0.1:9/api/v1")
            .Start(new WorkflowOrchestrationInput("ex-1", "pinned.chain", "{}", Definition: pin), DateTime.UnixEpoch);
        var command = Assert.Single(first.Commands);
        var done = new TaskActionEvent(DateTime.UnixEpoch, command.Key, "succeeded", "{}");

        // Another process, with the newer chain loaded.
        var upgraded = WorkflowDefinitions.Load(Catalog(V2));
        var other = new WorkflowEngineStepper(upgraded, "http://127.0.0.1:9/api/v1");
        Assert.NotEqual(pin.Hash, upgraded.Pin("pinned.chain")!.Hash);
        var refused = Assert.Throws<WorkflowEngineException>(() => other.Apply(first.State, done));
        Assert.Contains(pin.Hash, refused.Message, StringComparison.Ordinal);

        other.Register(pin, "pinned.chain");
        var next = other.Apply(first.State, done);

        Assert.Equal("core.echo", Assert.Single(next.Commands).ActionRef);
        Assert.Contains("v1", next.Commands[0].InputJson, StringComparison.Ordinal);
    }

    private PackCatalog Catalog(string chain)
    {
        var folder = Path.Combine(root, Guid.NewGuid().ToString("N")[..8]);
        var pack = Path.Combine(folder, "pinned");
        Directory.CreateDirectory(Path.Combine(pack, "actions", "chains"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "ref: pinned\nname: pinned\nversion: 1.0.0\ndescription: pinned chains\nauthor: t\nemail: t@example.com\n");
        File.WriteAllText(Path.Combine(pack, "actions", "chain.yaml"), "name: chain\nrunner_type: action-chain\nentry_point: chains/chain.yaml\n");
        File.WriteAllText(Path.Combine(pack, "actions", "chains", "chain.yaml"), chain);
        var (sources, problems) = PackFolders.Find([folder, CorePack.Directory]);
        Assert.Empty(problems);
        return PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
    }
}
