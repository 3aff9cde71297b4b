using System.Globalization;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Orquesta.Rehearsal;

/// <summary>Runs a workflow through the conductor with mocked action results, as orquesta's
/// rehearsal harness (<c>orquesta/rehearsing.py</c>) does: batches of next tasks are started, then
/// completed with their mocks, and the conductor is saved and reloaded between batches.</summary>
public sealed class WorkflowRehearsal
{
    private readonly IWorkflowExpressionEvaluator _expressions;
    private readonly List<MockActionExecution> _mocks;
    private readonly Dictionary<string, List<object?>> _itemResults = new(StringComparer.Ordinal);

    private WorkflowRehearsal(IWorkflowExpressionEvaluator expressions, IEnumerable<MockActionExecution> mocks)
    {
        _expressions = expressions;
        _mocks = mocks.ToList();
    }

    /// <summary>Runs a new execution of <paramref name="spec"/> with <paramref name="inputs"/>.</summary>
    public static RehearsalResult Run(WorkflowSpec spec, IWorkflowExpressionEvaluator expressions, IReadOnlyDictionary<string, object?>? inputs, IEnumerable<MockActionExecution> mocks, RoundTripMode roundTrip = RoundTripMode.EveryBatch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(mocks);
        var rehearsal = new WorkflowRehearsal(expressions, mocks);
        rehearsal.CheckMocks(spec);
        var conductor = new WorkflowConductor(spec, expressions, inputs);
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        return rehearsal.Drive(conductor, roundTrip);
    }

    /// <summary>Reruns a completed execution (the failed terminal tasks when <paramref name="requests"/> is null).</summary>
    public static RehearsalResult Rerun(WorkflowConductor conductor, IWorkflowExpressionEvaluator expressions, IReadOnlyList<TaskRerunRequest>? requests, IEnumerable<MockActionExecution> mocks, RoundTripMode roundTrip = RoundTripMode.EveryBatch)
    {
        ArgumentNullException.ThrowIfNull(conductor);
        ArgumentNullException.ThrowIfNull(mocks);
        var rehearsal = new WorkflowRehearsal(expressions, mocks);
        rehearsal.CheckMocks(conductor.Spec);
        conductor.RequestWorkflowRerun(requests);
        return rehearsal.Drive(conductor, roundTrip);
    }

    private void CheckMocks(WorkflowSpec spec)
    {
        foreach (var mock in _mocks)
        {
            if (!spec.HasTask(mock.Task))
            {
                throw new WorkflowConductorException("InvalidTask", $"Task \"{mock.Task}\" does not exist.");
            }
        }
    }

    private RehearsalResult Drive(WorkflowConductor conductor, RoundTripMode roundTrip)
    {
        var batch = conductor.GetNextTasks().ToList();
        var saved = roundTrip != RoundTripMode.None ? conductor.SerializeToJson() : null;
        while (batch.Count > 0)
        {
            if (saved is not null)
            {
                conductor = WorkflowConductor.DeserializeFromJson(saved, _expressions, conductor.Spec);
            }

            var running = new List<(TaskCommand Task, int SeqId)>();
            foreach (var task in batch)
            {
                conductor.UpdateTaskState(task.Id, task.Route, new ExecutionEvent(WorkflowStatuses.Running));
                running.Add((task, conductor.State.Sequence.Count - 1));
                conductor = RoundTrip(conductor, roundTrip);
            }

            foreach (var (task, seqId) in running)
            {
                var mock = Find(task.Id, seqId) ?? Find(task.Id, null);
                if (mock is null)
                {
                    mock = new MockActionExecution { Task = task.Id };
                }
                else
                {
                    mock.IterPos++;
                }

                ExecutionEvent e;
                if (!conductor.Spec.GetTask(task.Id).HasItems)
                {
                    e = new ExecutionEvent(mock.Status, mock.Result);
                }
                else
                {
                    if (!_itemResults.TryGetValue(task.Id, out var accumulated))
                    {
                        accumulated = [];
                        _itemResults[task.Id] = accumulated;
                    }

                    var itemId = (int)(mock.ItemId ?? accumulated.Count);
                    while (accumulated.Count <= itemId)
                    {
                        accumulated.Add(null);
                    }

                    accumulated[itemId] = mock.Result;
                    e = new TaskItemExecutionEvent(itemId, mock.Status, mock.Result, new List<object?>(accumulated));
                }

                conductor.UpdateTaskState(task.Id, task.Route, e);
                conductor = RoundTrip(conductor, roundTrip);
            }

            batch = conductor.GetNextTasks().ToList();
            saved = roundTrip != RoundTripMode.None ? conductor.SerializeToJson() : null;
        }

        if (WorkflowStatuses.Completed.Contains(conductor.Status))
        {
            conductor.RenderWorkflowOutput();
        }

        return Summarize(conductor);
    }

    private WorkflowConductor RoundTrip(WorkflowConductor conductor, RoundTripMode mode) =>
        mode == RoundTripMode.EveryEvent ? WorkflowConductor.DeserializeFromJson(conductor.SerializeToJson(), _expressions, conductor.Spec) : conductor;

    private MockActionExecution? Find(string taskId, long? seqId)
    {
        var candidates = _mocks.Where(m => m.Task == taskId && m.IterPos < m.IterId + m.NumIter - 1).ToList();
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

    /// <summary>The result fields of a conductor in its current state.</summary>
    public static RehearsalResult Summarize(WorkflowConductor conductor)
    {
        ArgumentNullException.ThrowIfNull(conductor);
        var state = conductor.State;
        return new RehearsalResult
        {
            Conductor = conductor,
            Sequence = state.Sequence.Select(t => FriendlyId(t.Id, t.Route)).ToList(),
            Status = conductor.Status,
            Output = conductor.Output,
            Errors = conductor.Errors.ToList(),
            Routes = state.Routes.Select(r => (IReadOnlyList<string>)r.ToList()).ToList(),
            TerminalTasks = state.Sequence.Where(t => t.Term).Select(t => FriendlyId(t.Id, t.Route)).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
