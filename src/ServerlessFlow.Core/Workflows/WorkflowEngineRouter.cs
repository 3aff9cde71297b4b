namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// One <see cref="IWorkflowEngine"/> over several workflow languages: a workflow starts on the engine of its action's runner
/// (Orquesta, ActionChain), and its saved state records that runner (<c>{"runner": …, "state": …}</c>), so every later event
/// goes to the engine that made the state even if the action were redefined meanwhile. Hosts drive this one entry point and
/// hold no language-specific logic.
/// </summary>
public sealed class WorkflowEngineRouter : IWorkflowEngine
{
    private const string RunnerKey = "runner";
    private const string StateKey = "state";

    private readonly IReadOnlyDictionary<string, IWorkflowEngine> engines;
    private readonly Func<string, string?> runnerOf;
    private readonly string legacyRunner;

    /// <summary>
    /// Creates the router over the engines by runner name; <paramref name="runnerOf"/> gives a workflow action's runner
    /// (null: not a loaded workflow). A saved state without a runner (written before states recorded it) belongs to
    /// <paramref name="legacyRunner"/>.
    /// </summary>
    public WorkflowEngineRouter(IReadOnlyDictionary<string, IWorkflowEngine> engines, Func<string, string?> runnerOf, string legacyRunner = WorkflowRunnerTypes.Orquesta)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(runnerOf);
        this.engines = engines;
        this.runnerOf = runnerOf;
        this.legacyRunner = legacyRunner;
    }

    /// <inheritdoc/>
    public WorkflowTurn Start(WorkflowStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        string runner = runnerOf(start.WorkflowRef)
            ?? throw new WorkflowEngineException($"Action {start.WorkflowRef} is not a workflow (orquesta or action-chain) in the loaded packs.");
        return Wrap(runner, Engine(runner).Start(start));
    }

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, WorkflowEngineEvent engineEvent) => Apply(state, [engineEvent]);

    /// <inheritdoc/>
    public WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents)
    {
        ArgumentNullException.ThrowIfNull(state);
        (string runner, WorkflowEngineState inner) = Unwrap(state);
        return Wrap(runner, Engine(runner).Apply(inner, engineEvents));
    }

    /// <inheritdoc/>
    public WorkflowTurn Rerun(WorkflowEngineState state, WorkflowRerun rerun)
    {
        ArgumentNullException.ThrowIfNull(state);
        (string runner, WorkflowEngineState inner) = Unwrap(state);
        return Wrap(runner, Engine(runner).Rerun(inner, rerun));
    }

    /// <summary>The runner and the engine's own state inside a saved state.</summary>
    public (string Runner, WorkflowEngineState State) Unwrap(WorkflowEngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Current is RoutedLive routed)
        {
            return (routed.Runner, routed.Inner);
        }

        if (state.Value.GetValueOrDefault(RunnerKey) is string runner && state.Value.GetValueOrDefault(StateKey) is Dictionary<string, object?> inner)
        {
            return (runner, new WorkflowEngineState(inner));
        }

        return (legacyRunner, state);
    }

    private IWorkflowEngine Engine(string runner) =>
        engines.TryGetValue(runner, out IWorkflowEngine? engine)
            ? engine
            : throw new WorkflowEngineException($"No workflow engine runs '{runner}' workflows in this host.");

    private static WorkflowTurn Wrap(string runner, WorkflowTurn turn)
    {
        if (turn.State.Current is { } live)
        {
            return turn with { State = WorkflowEngineState.Live(new RoutedLive(runner, turn.State, live)) };
        }

        return turn with
        {
            State = new WorkflowEngineState(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [RunnerKey] = runner,
                [StateKey] = turn.State.Value,
            }),
        };
    }

    /// <summary>A live workflow of one of the engines, saved with its runner.</summary>
    private sealed class RoutedLive(string runner, WorkflowEngineState inner, ILiveWorkflowState live) : ILiveWorkflowState
    {
        public string Runner => runner;

        public WorkflowEngineState Inner => inner;

        public long Version => live.Version;

        public Dictionary<string, object?> Save() =>
            new(StringComparer.Ordinal) { [RunnerKey] = runner, [StateKey] = inner.Value };
    }
}
