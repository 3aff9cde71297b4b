using System.Globalization;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Orquesta.Rehearsal;

/// <summary>
/// Runs a workflow with mocked action results, as orquesta's rehearsal harness (<c>orquesta/rehearsing.py</c>) does, through
/// the production entry point (<see cref="OrquestaWorkflowEngine"/>): the actions the engine asks for are answered with
/// their mocks a batch at a time, and the engine state is saved and reloaded between batches (or after every event).
/// </summary>
public sealed class WorkflowRehearsal
{
    /// <summary>The ref the rehearsed workflow runs under.</summary>
    public const string WorkflowRef = "rehearsal.workflow";

    private readonly OrquestaWorkflowEngine engine;
    private readonly List<MockActionExecution> mocks;

    private WorkflowRehearsal(WorkflowSpec spec, IWorkflowExpressionEvaluator expressions, IEnumerable<MockActionExecution> mocks)
    {
        // One item of a with-items task in flight at a time: orquesta's harness answers one item per task per pass and
        // never marks the others running, so an item that fails while others have not been answered fails the task then.
        engine = new OrquestaWorkflowEngine(new SingleWorkflowSpecSource(WorkflowRef, spec), expressions, new MockedActions(), itemsInFlight: 1);
        this.mocks = mocks.ToList();
        foreach (var mock in this.mocks)
        {
            if (!spec.HasTask(mock.Task))
            {
                throw new WorkflowConductorException("InvalidTask", $"Task \"{mock.Task}\" does not exist.");
            }
        }
    }

    /// <summary>Runs a new execution of <paramref name="spec"/> with <paramref name="inputs"/>.</summary>
    public static RehearsalResult Run(WorkflowSpec spec, IWorkflowExpressionEvaluator expressions, IReadOnlyDictionary<string, object?>? inputs, IEnumerable<MockActionExecution> mocks, RoundTripMode roundTrip = RoundTripMode.EveryBatch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(mocks);
        var rehearsal = new WorkflowRehearsal(spec, expressions, mocks);
        var given = inputs is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(inputs, StringComparer.Ordinal);
        return rehearsal.Drive(rehearsal.engine.Start(new WorkflowStart(WorkflowRef, given, new Dictionary<string, object?>(StringComparer.Ordinal))), roundTrip);
    }

    /// <summary>Reruns a completed rehearsal (the failed terminal tasks when <paramref name="requests"/> is null).</summary>
    public static RehearsalResult Rerun(RehearsalResult previous, IWorkflowExpressionEvaluator expressions, IReadOnlyList<TaskRerunRequest>? requests, IEnumerable<MockActionExecution> mocks, RoundTripMode roundTrip = RoundTripMode.EveryBatch)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(mocks);
        var state = previous.State ?? throw new ArgumentException("Only a rehearsal's own result can be rerun (it carries the engine state).", nameof(previous));
        var rehearsal = new WorkflowRehearsal(previous.Conductor.Spec, expressions, mocks);
        return rehearsal.Drive(rehearsal.engine.Rerun(state, requests), roundTrip);
    }

    private RehearsalResult Drive(WorkflowTurn turn, RoundTripMode roundTrip)
    {
        var state = turn.State;
        var batch = turn.Actions.ToList();
        while (batch.Count > 0)
        {
            if (roundTrip != RoundTripMode.None)
            {
                state = RoundTrip(state);
            }

            var conductor = engine.ConductorOf(state);
            var events = new List<WorkflowEngineEvent>();
            foreach (var action in batch)
            {
                var mock = Find(action.Key, SequenceId(conductor, action.Key)) ?? Find(action.Key, null);
                if (mock is null)
                {
                    mock = new MockActionExecution { Task = action.Key.TaskId };
                }
                else
                {
                    mock.IterPos++;
                }

                var status = WorkflowStatusNames.TryParse(mock.Status, out var parsed)
                    ? parsed
                    : throw new WorkflowConductorException("InvalidStatus", $"Status \"{mock.Status}\" is not valid.");
                events.Add(new ActionStatusChanged(action.Key, status, PlainValues.DeepClone(mock.Result)));
            }

            if (roundTrip == RoundTripMode.EveryEvent)
            {
                // One event at a time, saved and reloaded after each; what became ready starts after the batch.
                foreach (var engineEvent in events)
                {
                    state = RoundTrip(engine.Record(state, engineEvent));
                }

                events.Clear();
            }

            turn = engine.Apply(state, events);
            state = turn.State;
            var next = turn.Actions.ToList();

            batch = next;
        }

        var final = engine.ConductorOf(state);
        if (WorkflowStatuses.Completed.Contains(final.Status))
        {
            final.RenderWorkflowOutput();
        }

        return Summarize(final, state);
    }

    /// <summary>The index in the task sequence of the entry the engine made when it recorded the task running.</summary>
    private static long SequenceId(WorkflowConductor conductor, TaskKey key)
    {
        var sequence = conductor.State.Sequence;
        for (var i = sequence.Count - 1; i >= 0; i--)
        {
            if (sequence[i].Id == key.TaskId && sequence[i].Route == key.Route)
            {
                return i;
            }
        }

        return -1;
    }

    private static WorkflowEngineState RoundTrip(WorkflowEngineState state) =>
        new((Dictionary<string, object?>)JsonText.Parse(JsonText.Serialize(state.Value))!);

    private MockActionExecution? Find(TaskKey key, long? seqId)
    {
        var candidates = mocks
            .Where(m => m.Task == key.TaskId && m.IterPos < m.IterId + m.NumIter - 1 && (m.ItemId is null || key.ItemId is null || m.ItemId == key.ItemId))
            .ToList();
        if (candidates.Count > 0 && seqId is not null)
        {
            candidates = candidates.Where(m => m.SeqId == seqId).ToList();
        }

        if (candidates.Count > 0 && candidates[0].SeqId is not null && seqId is null)
        {
            return null;
        }

        return candidates.FirstOrDefault();
    }

    /// <summary>Task id as the corpus writes it: bare on route 0, <c>id__rN</c> otherwise.</summary>
    public static string FriendlyId(string id, long route) =>
        route > 0 ? id + "__r" + route.ToString(CultureInfo.InvariantCulture) : id;

    /// <summary>The result fields of a conductor in its current state (with no engine state to rerun from).</summary>
    public static RehearsalResult Summarize(WorkflowConductor conductor) => Summarize(conductor, null);

    private static RehearsalResult Summarize(WorkflowConductor conductor, WorkflowEngineState? engineState)
    {
        ArgumentNullException.ThrowIfNull(conductor);
        var state = conductor.State;
        return new RehearsalResult
        {
            Conductor = conductor,
            State = engineState,
            Sequence = state.Sequence.Select(t => FriendlyId(t.Id, t.Route)).ToList(),
            Status = conductor.Status,
            Output = conductor.Output,
            Errors = conductor.Errors.ToList(),
            Routes = state.Routes.Select(r => (IReadOnlyList<string>)r.ToList()).ToList(),
            TerminalTasks = state.Sequence.Where(t => t.Term).Select(t => FriendlyId(t.Id, t.Route)).Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Every action a rehearsed workflow calls is an ordinary action run with its rendered input (the mocks answer it).</summary>
    private sealed class MockedActions : IWorkflowActionCatalog
    {
        public ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds) =>
            new(key, actionRef, input, ActionRequestKind.Action, delaySeconds is > 0 and long delay ? delay : null);
    }
}
