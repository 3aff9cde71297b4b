using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The Durable orchestrator's serialisation adapter over the one workflow engine entry point (<see cref="IWorkflowEngine"/>,
/// here a <see cref="WorkflowEngineRouter"/> that runs each workflow on the engine of its action's runner:
/// <see cref="OrquestaWorkflowEngine"/> or <see cref="ActionChainWorkflowEngine"/>): it builds StackStorm's <c>st2</c>
/// context for a start, turns the engine's plain values into the JSON the orchestration history carries and back, hands
/// the orchestration's clock and the task execution ids in with the events, and nothing more — the workflow rules live in
/// the engines.
/// </summary>
public sealed class WorkflowEngineStepper : IWorkflowStepper
{
    private readonly WorkflowDefinitions definitions;
    private readonly IWorkflowEngine engine;
    private readonly bool readsKeyValues;
    private readonly string apiUrl;

    /// <summary>
    /// Creates the stepper over preloaded workflow definitions and an expression evaluator; <paramref name="apiUrl"/> is what
    /// <c>ctx().st2.api_url</c> says (the host's API, <c>…/api/v1</c>, from its configuration). With <paramref name="keyValues"/>,
    /// workflow expressions read the key-value store (<c>st2kv</c>), and workflows that do are stepped in an activity.
    /// <paramref name="packConfig"/> gives an ActionChain's <c>config_context</c> (a pack's configuration; null: none).
    /// </summary>
    public WorkflowEngineStepper(
        WorkflowDefinitions definitions,
        string apiUrl,
        IWorkflowExpressionEvaluator? expressions = null,
        IKeyValueLookup? keyValues = null,
        Func<string, IReadOnlyDictionary<string, object?>?>? packConfig = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentException.ThrowIfNullOrEmpty(apiUrl);
        this.definitions = definitions;
        this.apiUrl = apiUrl;
        // The default evaluator knows the shell actions, so values in their commands become quoted variables (issue #12).
        IWorkflowExpressionEvaluator evaluator = expressions ?? new EngineExpressionEvaluator(isShellCommandAction: definitions.IsShellCommandAction);
        var actions = new PackWorkflowActionCatalog(() => definitions.Catalog, keyValues);
        engine = new WorkflowEngineRouter(
            new Dictionary<string, IWorkflowEngine>(StringComparer.Ordinal)
            {
                [WorkflowRunnerTypes.Orquesta] = new OrquestaWorkflowEngine(
                    definitions, keyValues is null ? evaluator : new KeyValueWorkflowExpressionEvaluator(evaluator, keyValues), actions)
                {
                    Limits = WorkflowLimitSettings.FromEnvironment(),
                },
                [WorkflowRunnerTypes.ActionChain] = new ActionChainWorkflowEngine(definitions, actions, r => definitions.Catalog.FindAction(r), keyValues, packConfig),
            },
            definitions.RunnerOf);
        readsKeyValues = keyValues is not null;
    }

    /// <summary>The engine this adapter drives.</summary>
    public IWorkflowEngine Engine => engine;

    /// <inheritdoc/>
    public bool ReadsKeyValues(string actionRef) => readsKeyValues && definitions.ReadsKeyValues(actionRef);

    /// <inheritdoc/>
    public bool ReadsKeyValues(WorkflowOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return readsKeyValues && (input.Definition?.ReadsKeyValues ?? definitions.ReadsKeyValues(input.ActionRef));
    }

    /// <inheritdoc/>
    public WorkflowStep Start(WorkflowOrchestrationInput input, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = JsonText.Parse(input.ParametersJson) as Dictionary<string, object?>
            ?? throw new ArgumentException($"The parameters of workflow execution {input.ExecutionId} are not a JSON object.", nameof(input));
        var st2 = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action_execution_id"] = input.ExecutionId,
            ["workflow_execution_id"] = input.ExecutionId,
            ["action"] = input.ActionRef,
            ["pack"] = input.ActionRef.Split('.', 2)[0],
            ["runner"] = definitions.RunnerOf(input.ActionRef) ?? WorkflowRunnerTypes.Orquesta,
            ["user"] = "stanley",
            ["api_url"] = apiUrl,
        };
        if (input.ParentExecutionId is not null)
        {
            st2["parent_execution_id"] = input.ParentExecutionId;
        }

        var context = new Dictionary<string, object?>(StringComparer.Ordinal) { ["st2"] = st2 };
        if (input.Rerun is { } rerun)
        {
            // The saved state carries the definition the original execution ran (a pack upgraded since does not change it).
            var saved = JsonText.Parse(rerun.StateJson) as Dictionary<string, object?>
                ?? throw new ArgumentException($"The saved state of workflow execution {rerun.OriginalExecutionId} is not a JSON object.", nameof(input));
            return ToStep(engine.Rerun(new WorkflowEngineState(saved), new WorkflowRerun(rerun.Tasks, rerun.Reset, context, Utc(at))));
        }

        string? version = null;
        if (input.Definition is { } pin)
        {
            if (pin.Payload is not null && pin.Text.Length == 0)
            {
                throw new ArgumentException($"The definition of workflow execution {input.ExecutionId} is in the payload store ({pin.Payload}); start it in the apply-step activity.", nameof(input));
            }

            // Pure: the same pinned text parses to the same spec on every replay, whatever is installed now.
            definitions.Register(pin);
            version = pin.Hash;
        }

        return ToStep(engine.Start(new WorkflowStart(input.ActionRef, inputs, context, Utc(at), version)));
    }

    /// <inheritdoc/>
    public WorkflowStep Apply(string state, WorkflowStepEvent stepEvent)
    {
        ArgumentNullException.ThrowIfNull(stepEvent);
        var saved = JsonText.Parse(state) as Dictionary<string, object?>
            ?? throw new ArgumentException("The workflow state is not a JSON object.", nameof(state));
        WorkflowEngineEvent engineEvent = stepEvent switch
        {
            WorkflowControlEvent control => new WorkflowControlRequested(
                control.Signal switch
                {
                    WorkflowControlSignal.Pause => WorkflowControl.Pause,
                    WorkflowControlSignal.Resume => WorkflowControl.Resume,
                    _ => WorkflowControl.Cancel,
                },
                Utc(control.At)),
            TaskActionEvent task => new ActionStatusChanged(
                task.Key, WorkflowStatusNames.Parse(task.Status), JsonText.Parse(task.ResultJson), task.ExecutionId, Utc(task.At)),
            _ => throw new ArgumentException($"Unknown workflow event {stepEvent.GetType().Name}.", nameof(stepEvent)),
        };
        return ToStep(engine.Apply(new WorkflowEngineState(saved), engineEvent));
    }

    // Durable's clock is UTC; a DateTime of unspecified kind from a deserialised event is taken as UTC too.
    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private WorkflowStep ToStep(WorkflowTurn turn) =>
        new(
            JsonText.Serialize(turn.State.Value),
            turn.Actions.Select(ToCommand).ToList(),
            turn.Status.ToName(),
            turn.Result is null ? null : JsonText.Serialize(turn.Result));

    // A sub-workflow starts with the definition loaded when its parent asks for it; the parent's history then carries that pin
    // in the child's input, so the child replays it whatever is installed later.
    private ActionTaskCommand ToCommand(ActionRequest request) =>
        new(
            request.Key,
            request.ActionRef,
            JsonText.Serialize(request.Input),
            request.Kind switch
            {
                ActionRequestKind.Workflow => ActionTaskKind.Workflow,
                ActionRequestKind.Inquiry => ActionTaskKind.Inquiry,
                _ => ActionTaskKind.Action,
            },
            request.DelaySeconds,
            request.InquiryTtlMinutes,
            Definition: request.Kind == ActionRequestKind.Workflow ? definitions.Pin(request.ActionRef) : null);
}
