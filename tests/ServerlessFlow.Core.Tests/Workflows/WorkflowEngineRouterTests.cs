using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Tests.Workflows;

/// <summary>The router sends a workflow to the engine of its runner and every later event to the engine that made its state.</summary>
public sealed class WorkflowEngineRouterTests
{
    [Fact]
    public void Start_ChainAction_GoesToTheChainEngineAndRecordsTheRunner()
    {
        var (router, orquesta, chain) = Router(new Dictionary<string, string> { ["p.chain"] = "action-chain" });

        WorkflowTurn turn = router.Start(new WorkflowStart("p.chain", [], []));

        Assert.Equal(["start p.chain"], chain.Calls);
        Assert.Empty(orquesta.Calls);
        Assert.Equal("action-chain", turn.State.Value["runner"]);
        Assert.Equal("action-chain", ((Dictionary<string, object?>)turn.State.Value["state"]!)["engine"]);
        Assert.Equal(("action-chain", "action-chain"), (router.Unwrap(turn.State).Runner, (string)router.Unwrap(turn.State).State.Value["engine"]!));
    }

    [Fact]
    public void Apply_ActionRedefinedMeanwhile_StaysWithTheEngineThatMadeTheState()
    {
        var runners = new Dictionary<string, string> { ["p.flow"] = "orquesta" };
        var (router, orquesta, chain) = Router(runners);
        WorkflowTurn started = router.Start(new WorkflowStart("p.flow", [], []));
        runners["p.flow"] = "action-chain";

        WorkflowTurn next = router.Apply(started.State, new WorkflowControlRequested(WorkflowControl.Pause));

        Assert.Equal(["start p.flow", "apply 1"], orquesta.Calls);
        Assert.Empty(chain.Calls);
        Assert.Equal("orquesta", next.State.Value["runner"]);
    }

    [Fact]
    public void Apply_StateWithoutRunner_GoesToTheLegacyEngine()
    {
        var (router, orquesta, _) = Router([]);

        router.Apply(new WorkflowEngineState(new Dictionary<string, object?> { ["engine"] = "orquesta" }), new WorkflowControlRequested(WorkflowControl.Cancel));

        Assert.Equal(["apply 1"], orquesta.Calls);
    }

    [Fact]
    public void Start_NotAWorkflow_ClearError()
    {
        var (router, _, _) = Router([]);
        var e = Assert.Throws<WorkflowEngineException>(() => router.Start(new WorkflowStart("p.shell", [], [])));
        Assert.Equal("Action p.shell is not a workflow (orquesta or action-chain) in the loaded packs.", e.Message);
    }

    [Fact]
    public void Start_RunnerWithoutEngine_ClearError()
    {
        var (router, _, _) = Router(new Dictionary<string, string> { ["p.old"] = "mistral-v2" });
        var e = Assert.Throws<WorkflowEngineException>(() => router.Start(new WorkflowStart("p.old", [], [])));
        Assert.Equal("No workflow engine runs 'mistral-v2' workflows in this host.", e.Message);
    }

    private static (WorkflowEngineRouter Router, RecordingEngine Orquesta, RecordingEngine Chain) Router(Dictionary<string, string> runners)
    {
        var orquesta = new RecordingEngine("orquesta");
        var chain = new RecordingEngine("action-chain");
        var router = new WorkflowEngineRouter(
            new Dictionary<string, IWorkflowEngine> { ["orquesta"] = orquesta, ["action-chain"] = chain },
            reference => runners.GetValueOrDefault(reference));
        return (router, orquesta, chain);
    }

    /// <summary>An engine that records what it was asked and marks its state with its name.</summary>
    private sealed class RecordingEngine(string name) : IWorkflowEngine
    {
        public List<string> Calls { get; } = [];

        public WorkflowTurn Start(WorkflowStart start)
        {
            Calls.Add("start " + start.WorkflowRef);
            return Turn();
        }

        public WorkflowTurn Apply(WorkflowEngineState state, WorkflowEngineEvent engineEvent) => Apply(state, [engineEvent]);

        public WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents)
        {
            Assert.Equal(name, state.Value["engine"]);
            Calls.Add("apply " + engineEvents.Count);
            return Turn();
        }

        public WorkflowTurn Rerun(WorkflowEngineState state, WorkflowRerun rerun)
        {
            Assert.Equal(name, state.Value["engine"]);
            Calls.Add("rerun");
            return Turn();
        }

        private WorkflowTurn Turn() =>
            new(new WorkflowEngineState(new Dictionary<string, object?> { ["engine"] = name }), [], WorkflowStatus.Running, null);
    }
}
