using System.Text.Json;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Runtime.Tests.Durable;

/// <summary>
/// A deliberately small, deterministic stand-in for the Orquesta conductor, to test the
/// orchestrator loop on its own: a workflow is a list of stages of parallel tasks; a stage starts
/// when the previous one has succeeded; any failure fails the workflow; pause, resume, cancel and
/// pending (inquiry) tasks move the status as Orquesta does (a task canceled while the workflow is
/// canceling ends it canceled, not failed).
/// </summary>
internal sealed class StagedTestStepper : IWorkflowStepper
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>> workflows;
    private readonly IReadOnlySet<string> keyValueReaders;

    public StagedTestStepper(
        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<ActionTaskCommand>>> workflows, IReadOnlySet<string>? keyValueReaders = null)
    {
        this.workflows = workflows;
        this.keyValueReaders = keyValueReaders ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>How often <see cref="Start"/> ran per workflow (replays of inline steps run it again).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Starts { get; } = new(StringComparer.Ordinal);

    public bool ReadsKeyValues(string actionRef) => keyValueReaders.Contains(actionRef);

    public WorkflowStep Start(WorkflowOrchestrationInput input, DateTime at)
    {
        Starts.AddOrUpdate(input.ActionRef, 1, (_, n) => n + 1);
        if (!workflows.ContainsKey(input.ActionRef))
        {
            throw new InvalidOperationException($"No test workflow named {input.ActionRef}.");
        }

        var state = new StagedState { Workflow = input.ActionRef, Status = "running" };
        return Advance(state);
    }

    public WorkflowStep Apply(string state, WorkflowStepEvent stepEvent)
    {
        StagedState s = JsonSerializer.Deserialize<StagedState>(state)!;
        switch (stepEvent)
        {
            case TaskActionEvent e when e.Status == "pending":
                s.Pending.Add(e.Key.TaskId);
                s.Running.Remove(e.Key.TaskId);
                if (s.Running.Count == 0)
                {
                    s.Status = "paused";
                }

                break;
            case TaskActionEvent e:
                s.Running.Remove(e.Key.TaskId);
                s.Pending.Remove(e.Key.TaskId);
                s.Results[e.Key.TaskId] = JsonSerializer.Deserialize<JsonElement>(e.ResultJson);
                if (e.Status == "canceled" && s.Status == "canceling")
                {
                    // A task canceled by the workflow's own cancel (Orquesta: the workflow ends canceled).
                }
                else if (e.Status != "succeeded")
                {
                    s.Status = "failed";
                    s.Failure = e.Key.TaskId;
                }
                else if (s.Status == "paused" && s.Pending.Count == 0)
                {
                    s.Status = "running";
                }

                break;
            case WorkflowControlEvent { Signal: WorkflowControlSignal.Pause }:
                s.Status = s.Running.Count > 0 ? "pausing" : "paused";
                break;
            case WorkflowControlEvent { Signal: WorkflowControlSignal.Resume }:
                s.Status = "running";
                break;
            case WorkflowControlEvent { Signal: WorkflowControlSignal.Cancel }:
                s.Status = s.Running.Count > 0 ? "canceling" : "canceled";
                break;
        }

        if (s.Running.Count == 0)
        {
            s.Status = s.Status switch { "pausing" => "paused", "canceling" => "canceled", var other => other };
        }

        return Advance(s);
    }

    private WorkflowStep Advance(StagedState s)
    {
        var stages = workflows[s.Workflow];
        var commands = new List<ActionTaskCommand>();
        if (s.Status == "running" && s.Running.Count == 0 && s.Pending.Count == 0)
        {
            if (s.Stage < stages.Count)
            {
                foreach (ActionTaskCommand command in stages[s.Stage])
                {
                    commands.Add(command);
                    s.Running.Add(command.Key.TaskId);
                }

                s.Stage++;
            }
            else
            {
                s.Status = "succeeded";
            }
        }

        string? result = s.Status switch
        {
            "succeeded" or "canceled" => JsonSerializer.Serialize(new { output = s.Results }),
            "failed" => JsonSerializer.Serialize(new { output = s.Results, errors = new[] { new { task_id = s.Failure } } }),
            _ => null,
        };
        return new WorkflowStep(JsonSerializer.Serialize(s), commands, s.Status, result);
    }

    private sealed class StagedState
    {
        public string Workflow { get; set; } = "";

        public string Status { get; set; } = "";

        public int Stage { get; set; }

        public string? Failure { get; set; }

        public List<string> Running { get; set; } = [];

        public List<string> Pending { get; set; } = [];

        public Dictionary<string, JsonElement> Results { get; set; } = [];
    }
}
